package io.github.omnictx.core.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.OutboundMessage.Template;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.outbound.ChannelVerdict;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.outbound.SuppressionReason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChannelRulesTest {
  private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

  private static Customer customer(Consent... consents) {
    Customer.Builder b = Customer.builder(new CustomerId(UUID.randomUUID()), T)
        .identity(Identity.email("b@example.com")).identity(Identity.email("a@example.com"));
    for (Consent c : consents) {
      b.consent(c);
    }
    return b.build();
  }

  private static Consent sms(Purpose p, ConsentStatus s) {
    return new Consent(Channels.SMS.id(), p, s, "test", T);
  }

  @Test
  void consentAllowsOnlyAGrantAndMarketingNeedsOne() {
    assertThat(ChannelRules.consent(Channels.SMS, Purpose.MARKETING, customer())).map(ChannelVerdict::reason)
        .contains(SuppressionReason.NO_CONSENT);
    assertThat(ChannelRules.consent(Channels.SMS, Purpose.TRANSACTIONAL, customer())).isEmpty();
    assertThat(ChannelRules.consent(Channels.SMS, Purpose.SERVICE, customer())).isEmpty();
    assertThat(ChannelRules.consent(Channels.SMS, Purpose.MARKETING,
        customer(sms(Purpose.MARKETING, ConsentStatus.GRANTED)))).isEmpty();
    for (ConsentStatus no : List.of(ConsentStatus.DENIED, ConsentStatus.REVOKED)) {
      assertThat(ChannelRules.consent(Channels.SMS, Purpose.SERVICE, customer(sms(Purpose.SERVICE, no))))
          .map(ChannelVerdict::detail).get().asString().contains(no.name());
    }
    // A marketing "no" says nothing about service messages.
    assertThat(ChannelRules.consent(Channels.SMS, Purpose.SERVICE,
        customer(sms(Purpose.MARKETING, ConsentStatus.REVOKED)))).isEmpty();
  }

  @Test
  void theAddressIsTheFirstIdentityOfTheChannelsKind() {
    assertThat(ChannelRules.address(Channels.EMAIL, customer())).contains(Identity.email("a@example.com"));
    assertThat(ChannelRules.address(Channels.SMS, customer())).isEmpty();
    assertThat(ChannelRules.address(Channels.STORE, customer())).isEmpty();
  }

  @Test
  void aChannelWithoutOutboundOrAdapterIsUnavailable() {
    assertThat(ChannelRules.availability(Channels.WEB, true)).map(ChannelVerdict::reason)
        .contains(SuppressionReason.CHANNEL_UNAVAILABLE);
    assertThat(ChannelRules.availability(Channels.SMS, false)).map(ChannelVerdict::detail)
        .contains("no registered adapter sends on it");
    assertThat(ChannelRules.availability(Channels.SMS, true)).isEmpty();
  }

  @Test
  void contentNeedsATextThatFitsOrATemplate() {
    OutboundIntent.Builder b = OutboundIntent.builder(new CustomerId(UUID.randomUUID()), Purpose.SERVICE, "k");
    OutboundIntent long241 = b.text("x".repeat(241)).build();
    OutboundIntent templated = OutboundIntent.builder(new CustomerId(UUID.randomUUID()), Purpose.SERVICE, "k")
        .template(Channels.WHATSAPP.id(), new Template("t", "de", List.of())).build();
    Channel voice = Channels.VOICE;

    assertThat(ChannelRules.content(Channels.PUSH, long241)).map(ChannelVerdict::detail).get().asString()
        .contains("241 characters", "at most 240");
    assertThat(ChannelRules.content(Channels.EMAIL, long241)).isEmpty();
    assertThat(ChannelRules.content(voice, long241)).map(ChannelVerdict::detail).contains("Phone carries no text");
    assertThat(ChannelRules.content(Channels.WHATSAPP, templated)).isEmpty();
    assertThat(ChannelRules.content(Channels.SMS, templated)).map(ChannelVerdict::reason)
        .contains(SuppressionReason.CONTENT_UNFIT);
    Channel noTemplates = Channel.builder("chat-x", ChannelKind.REAL_TIME_TEXT).outboundAllowed(true).maxTextLength(10)
        .build();
    assertThat(ChannelRules.content(noTemplates, templated)).isPresent();
    assertThat(Optional.of(noTemplates.supportsTemplates())).contains(false);
  }
}
