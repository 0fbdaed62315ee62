package io.github.omnictx.channels.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp payloads other projects test with, through the whole pipeline: edits and deletions,
 * messages Meta could not hand over, another number of the same Meta app, marketing preferences,
 * and senders whose number libphonenumber calls impossible.
 */
class WhatsAppRealPayloadsTest {
  private static final String SECRET = "omni-test-app-secret";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-10T08:00:00Z"), ZoneOffset.UTC);
  private static final Identity SHEENA = Identity.of(IdentityKind.WHATSAPP, "15551234567");
  private static final String ORIGINAL = "wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUZBQ0UxMjM0NTY3ODkwQUJDRAA=";

  private final OmniTenant shop = Omni.builder().clock(CLOCK)
      .adapter(new WhatsAppAdapter(WhatsAppConfig.builder().appSecret(SECRET).verifyToken("verify")
          .accessToken("EAAtoken").phoneNumberId("106540352242922").clock(CLOCK).build()))
      .build().tenant("acme");

  private WebhookResult deliver(String fixture) {
    return deliver(Fixtures.bytes("whatsapp/" + fixture));
  }

  private WebhookResult deliver(byte[] body) {
    return shop.webhooks().process("whatsapp", WebhookRequest.builder("POST", "https://shop.example/hooks/whatsapp")
        .header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", "sha256=" + Hmac.sha256Hex(SECRET, body)).body(body).build());
  }

  private List<Touchpoint> timelineOf(Identity who) {
    Customer c = shop.customers().getByIdentity(who);
    return shop.timeline().page(TimelineQuery.forCustomer(c.id()).oldestFirst().build()).items();
  }

  @Test
  void anEditChangesTheOriginalMessageAndCreatesNoOtherMessageOrCustomer() {
    deliver("message-text.json");

    WebhookResult edit = deliver("message-edit.json");
    WebhookResult again = deliver("message-edit.json");

    assertThat(edit.response().status()).isEqualTo(200);
    assertThat(edit.changes()).isEqualTo(1);
    assertThat(edit.recorded()).isEmpty();
    assertThat(again.duplicates()).isEqualTo(1);
    List<Touchpoint> timeline = timelineOf(SHEENA);
    assertThat(timeline).singleElement().satisfies(t -> {
      assertThat(t.externalId()).contains(ORIGINAL);
      assertThat(t.payloadText("text")).contains("Does it come in another colour, say blue?");
      assertThat(t.payloadText("originalText")).contains("Does it come in another color?");
      assertThat(t.payloadText("editedAt")).contains("2024-06-10T07:11:00Z");
    });
  }

  @Test
  void aRevokeDeletesTheOriginalsTextAndRecordsNothingNew() {
    deliver("message-text.json");

    WebhookResult revoke = deliver("message-revoke.json");

    assertThat(revoke.response().status()).isEqualTo(200);
    assertThat(revoke.changes()).isEqualTo(1);
    assertThat(revoke.recorded()).isEmpty();
    assertThat(timelineOf(SHEENA)).singleElement().satisfies(t -> {
      assertThat(t.payload().path("deleted").asBoolean()).isTrue();
      assertThat(t.payload().toString()).doesNotContain("color");
    });
  }

  @Test
  void anEditOfAMessageNeverSeenCreatesNoCustomer() {
    WebhookResult edit = deliver("message-edit.json");

    assertThat(edit.response().status()).isEqualTo(200);
    assertThat(edit.ignored()).isEqualTo(1);
    assertThat(shop.customers().findByIdentity(SHEENA)).isEmpty();
  }

  @Test
  void aMessageMetaCouldNotHandOverIsRecordedWithItsErrorAndTheTextBesideItToo() {
    WebhookResult r = deliver("batch-error-131000-and-text.json");

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.recorded()).hasSize(2);
    List<Touchpoint> timeline = timelineOf(SHEENA);
    assertThat(timeline).hasSize(2);
    Touchpoint failed = timeline.get(0);
    assertThat(failed.payloadText("text")).isEmpty();
    assertThat(failed.payload().path("provider").path("type").asText()).isEqualTo("interactive");
    assertThat(failed.payload().path("provider").path("errors").path(0).path("code").asInt()).isEqualTo(131000);
    assertThat(failed.payload().path("provider").path("errors").path(0).path("title").asText())
        .isEqualTo("Something went wrong");
    assertThat(timeline.get(1).payloadText("text")).contains("Did my last message arrive?");
  }

  @Test
  void anUnsupportedMessageTypeIsRecordedWithoutContent() {
    WebhookResult r = deliver("message-unsupported-131051.json");

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.recorded()).singleElement().satisfies(t ->
        assertThat(t.payload().path("provider").path("errors").path(0).path("code").asInt()).isEqualTo(131051));
  }

  @Test
  void aChangeForAnotherPhoneNumberOfTheSameAppIsAcknowledgedAndNotRecorded() {
    WebhookResult r = deliver("message-text-other-phone-number-id.json");

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.recorded()).isEmpty();
    assertThat(r.ignored()).isEqualTo(1);
    assertThat(shop.customers().findByIdentity(SHEENA)).isEmpty();
  }

  @Test
  void aMarketingStopRevokesAndAResumeGrantsWhatsAppMarketing() {
    deliver("message-text.json");
    Customer sheena = shop.customers().getByIdentity(SHEENA);

    WebhookResult stop = deliver("user-preferences-marketing-stop.json");
    assertThat(stop.consents()).isEqualTo(1);
    assertThat(shop.consents().find(sheena.id(), Channels.WHATSAPP.id(), Purpose.MARKETING)).hasValueSatisfying(c -> {
      assertThat(c.status()).isEqualTo(ConsentStatus.REVOKED);
      assertThat(c.source()).isEqualTo("whatsapp:marketing_messages:stop");
    });

    deliver("user-preferences-marketing-resume.json");
    assertThat(shop.consents().allows(sheena.id(), Channels.WHATSAPP.id(), Purpose.MARKETING)).isTrue();
  }

  @Test
  void aSenderWhoseNumberIsImpossibleIsRecordedUnderTheWhatsAppIdentity() {
    WebhookResult r = deliver("message-text-mexico-521.json");

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.recorded()).hasSize(1);
    Customer lupita = shop.customers().getByIdentity(Identity.of(IdentityKind.WHATSAPP, "5215512345678"));
    assertThat(lupita.identities()).allSatisfy(i -> assertThat(i.kind()).isNotEqualTo(IdentityKind.PHONE));
  }

  @Test
  void aTimestampInMillisecondsWhereSecondsAreDocumentedIsReadAsMilliseconds() {
    String body = new String(Fixtures.bytes("whatsapp/message-text.json"), StandardCharsets.UTF_8)
        .replace("\"1718003400\"", "\"1718003400123\"");

    WebhookResult r = deliver(body.getBytes(StandardCharsets.UTF_8));

    assertThat(r.recorded()).singleElement()
        .satisfies(t -> assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochMilli(1718003400123L)));
  }

  @Test
  void aTimeMoreThanADayAheadIsRefused() {
    String body = new String(Fixtures.bytes("whatsapp/message-text.json"), StandardCharsets.UTF_8)
        .replace("\"1718003400\"", "\"" + (CLOCK.instant().getEpochSecond() + 2 * 86_400) + "\"");

    WebhookResult r = deliver(body.getBytes(StandardCharsets.UTF_8));

    assertThat(r.recorded()).isEmpty();
    assertThat(r.response().status()).isEqualTo(400);
    assertThat(new String(r.response().body(), StandardCharsets.UTF_8)).contains("timestamp").contains("plausible");
  }
}
