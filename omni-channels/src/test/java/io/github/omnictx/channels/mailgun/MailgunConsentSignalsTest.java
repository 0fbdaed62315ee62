package io.github.omnictx.channels.mailgun;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.ConsentSignal;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.outbound.SuppressionReason;
import io.github.omnictx.core.webhook.WebhookResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mailgun's complaint and unsubscribe events revoke e-mail marketing, with Mailgun as source. */
class MailgunConsentSignalsTest {
  private static final Identity ANA = Identity.email("ana.test@example.com");

  private final MailgunAdapter adapter = new MailgunAdapter(MailgunTesting.config("https://api.mailgun.net/",
      MailgunTesting.CLOCK).build());
  private final OmniTenant shop = Omni.builder().clock(MailgunTesting.CLOCK).adapter(adapter).build().tenant("acme");

  @Test
  void aComplaintIsARevocationOfEmailMarketingByTheRecipient() {
    assertThat(adapter.parse(MailgunTesting.recorded("mailgun/event-complained.json"))).containsExactly(
        new ConsentSignal(List.of(ANA), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.REVOKED,
            "mailgun:complained", Instant.ofEpochSecond(1718003849, 512_034_000)));
  }

  @Test
  void anUnsubscribeRevokesTheKnownCustomersEmailMarketing() {
    Customer ana = shop.customers().create(List.of(ANA), Map.of());
    shop.consents().record(ana.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup");

    WebhookResult r = shop.webhooks().process("mailgun", MailgunTesting.recorded("mailgun/event-unsubscribed.json"));

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.consents()).isEqualTo(1);
    assertThat(shop.consents().allows(ana.id(), Channels.EMAIL.id(), Purpose.MARKETING)).isFalse();
    assertThat(shop.consents().find(ana.id(), Channels.EMAIL.id(), Purpose.MARKETING).orElseThrow().source())
        .isEqualTo("mailgun:unsubscribed");
  }

  @Test
  void outboundHonoursTheComplaint() {
    Customer ana = shop.customers().create(List.of(ANA), Map.of());
    shop.consents().record(ana.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup");
    OutboundIntent promo = OutboundIntent.builder(ana.id(), Purpose.MARKETING, "june-offers").text("June offers")
        .channels(List.of(Channels.EMAIL.id())).build();

    shop.webhooks().process("mailgun", MailgunTesting.recorded("mailgun/event-complained.json"));
    OutboundDecision d = shop.outbound().send(promo);

    assertThat(d.outcome()).isEqualTo(OutboundDecision.Outcome.SUPPRESSED);
    assertThat(d.reason()).contains(SuppressionReason.NO_CONSENT);
  }

  @Test
  void aComplaintFromAnUnknownAddressKeepsNothingAboutIt() {
    WebhookResult r = shop.webhooks().process("mailgun", MailgunTesting.recorded("mailgun/event-complained.json"));

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.ignored()).isEqualTo(1);
    assertThat(shop.customers().findByIdentity(ANA)).isEmpty();
  }
}
