package io.github.omnictx.channels.meta;

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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Messenger and Instagram payloads other projects test with, through the whole pipeline: edits and
 * unsent messages, opt-ins, another Page of the same app, seconds sent where milliseconds are
 * documented.
 */
class MetaRealPayloadsTest {
  private static final String SECRET = "omni-test-app-secret";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-10T08:00:00Z"), ZoneOffset.UTC);
  private static final Identity PSID = Identity.of(IdentityKind.MESSENGER, "6543210987654321");

  private final OmniTenant shop = Omni.builder().clock(CLOCK)
      .adapter(new MetaMessagingAdapter(MetaConfig.messenger().appSecret(SECRET).verifyToken("verify")
          .accessToken("EAApageToken").accountId("106123456789012").clock(CLOCK).build()))
      .adapter(new MetaMessagingAdapter(MetaConfig.instagram().appSecret(SECRET).verifyToken("verify")
          .accessToken("IGtoken").accountId("17841400000000001").clock(CLOCK).build()))
      .build().tenant("acme");

  private WebhookResult deliver(String adapter, String fixture) {
    byte[] body = Fixtures.bytes(fixture);
    return shop.webhooks().process(adapter, WebhookRequest.builder("POST", "https://shop.example/hooks/" + adapter)
        .header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", "sha256=" + Hmac.sha256Hex(SECRET, body)).body(body).build());
  }

  private WebhookResult messenger(String fixture) {
    return deliver("messenger", "messenger/" + fixture);
  }

  private List<Touchpoint> timelineOf(Identity who) {
    Customer c = shop.customers().getByIdentity(who);
    return shop.timeline().page(TimelineQuery.forCustomer(c.id()).build()).items();
  }

  @Test
  void anEditChangesTheOriginalMessage() {
    messenger("message-text.json");

    WebhookResult edit = messenger("message-edit.json");

    assertThat(edit.changes()).isEqualTo(1);
    assertThat(edit.recorded()).isEmpty();
    assertThat(timelineOf(PSID)).singleElement().satisfies(t -> {
      assertThat(t.payloadText("text")).contains("hello, world! (edited)");
      assertThat(t.payloadText("originalText")).contains("hello, world!");
    });
  }

  @Test
  void anUnsentMessageLosesItsTextAndNothingNewIsRecorded() {
    messenger("message-text.json");

    WebhookResult unsent = messenger("message-unsent.json");

    assertThat(unsent.changes()).isEqualTo(1);
    assertThat(timelineOf(PSID)).singleElement().satisfies(t -> {
      assertThat(t.payload().path("deleted").asBoolean()).isTrue();
      assertThat(t.payload().toString()).doesNotContain("hello");
    });
  }

  @Test
  void aMarketingMessagesOptInGrantsAndItsStopRevokesMessengerMarketing() {
    WebhookResult in = messenger("optin-marketing-messages.json");

    assertThat(in.consents()).isEqualTo(1);
    Customer c = shop.customers().getByIdentity(PSID);
    assertThat(shop.consents().find(c.id(), Channels.MESSENGER.id(), Purpose.MARKETING)).hasValueSatisfying(x -> {
      assertThat(x.status()).isEqualTo(ConsentStatus.GRANTED);
      assertThat(x.source()).isEqualTo("messenger:optin:notification_messages");
    });

    messenger("optin-marketing-stop.json");
    assertThat(shop.consents().allows(c.id(), Channels.MESSENGER.id(), Purpose.MARKETING)).isFalse();
  }

  @Test
  void aCheckboxOptInWithOnlyAUserRefIsAcknowledgedAndAttributesNothing() {
    WebhookResult r = messenger("optin-checkbox-user-ref.json");

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.ignored()).isEqualTo(1);
  }

  @Test
  void anEntryForAnotherPageOfTheSameAppIsAcknowledgedAndNotRecorded() {
    WebhookResult r = messenger("message-text-other-page.json");

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.recorded()).isEmpty();
    assertThat(r.ignored()).isEqualTo(1);
    assertThat(shop.customers().findByIdentity(PSID)).isEmpty();
  }

  @Test
  void anInstagramTimestampInSecondsSentAsAStringIsDatedRight() {
    WebhookResult r = deliver("instagram", "instagram/message-text-seconds-as-string.json");

    assertThat(r.recorded()).singleElement()
        .satisfies(t -> assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochSecond(1718003400)));
  }
}
