package io.github.omnictx.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.ReplayToken;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wrapper takes the sides of its delegate: never more, never fewer. */
class ResilientAdapterTest {
  private static final OutboundMessage HELLO = OutboundMessage.text(Identity.phone("+4915112345678"), "hi", "k-1");
  private static final WebhookRequest SIGNED = WebhookRequest.builder("POST", "https://shop.example/webhooks/x")
      .header("X-Sig", "ok").body("{}").build();
  private static final WebhookRequest HANDSHAKE = WebhookRequest.builder("GET", "https://shop.example/webhooks/x?hello=1")
      .build();

  private record SendOnly(String id, ChannelId channel) implements OutboundAdapter {
    @Override
    public SendReceipt send(OutboundMessage message) {
      return new SendReceipt("sent-" + message.idempotencyKey(), DeliveryStatus.SENT);
    }
  }

  /** Answers every webhook method with a value of its own, so pass-through is visible. */
  private record Both(String id, ChannelId channel) implements InboundAdapter, OutboundAdapter {
    static final ReplayToken TOKEN = new ReplayToken("tok-1", "0".repeat(64), Instant.parse("2026-03-02T09:05:00Z"));
    static final List<InboundEvent> EVENTS = List.of(new IgnoredEvent("ping", "keep-alive"));

    @Override
    public Optional<WebhookResponse> handshake(WebhookRequest request) {
      return request.queryParam("hello").map(v -> WebhookResponse.text(200, "challenge-" + v));
    }

    @Override
    public void verify(WebhookRequest request) {
      if (request.header("X-Sig").isEmpty()) {
        throw new SignatureException("no X-Sig", true);
      }
    }

    @Override
    public Optional<ReplayToken> replayToken(WebhookRequest request) {
      return Optional.of(TOKEN);
    }

    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
      return EVENTS;
    }

    @Override
    public WebhookResponse acknowledge() {
      return WebhookResponse.text(202, "thanks");
    }

    @Override
    public SendReceipt send(OutboundMessage message) {
      return new SendReceipt("both-" + message.idempotencyKey(), DeliveryStatus.SENT);
    }
  }

  @Test
  void aSendOnlyDelegateGivesASendOnlyAdapter() {
    ResilientAdapter wrapped = ResilientAdapter.builder(new SendOnly("push", Channels.SMS.id())).build();
    assertThat((Object) wrapped).isNotInstanceOf(InboundAdapter.class);
    assertThat(wrapped.id()).isEqualTo("push");
    assertThat(wrapped.channel()).isEqualTo(Channels.SMS.id());
    assertThat(wrapped.send(HELLO).messageId()).isEqualTo("sent-k-1");
    assertThat(wrapped.retry().getName()).isEqualTo("omni-push");
  }

  @Test
  void aDelegateThatAlsoReceivesGivesAnAdapterThatPassesEveryWebhookCallThrough() {
    ResilientAdapter wrapped = ResilientAdapter.builder(new Both("sms-gateway", Channels.SMS.id())).build();
    assertThat((Object) wrapped).isInstanceOf(InboundAdapter.class);
    InboundAdapter inbound = (InboundAdapter) wrapped;
    assertThat(inbound.handshake(HANDSHAKE)).map(WebhookResponse::bodyText).contains("challenge-1");
    assertThat(inbound.handshake(SIGNED)).isEmpty();
    inbound.verify(SIGNED);
    WebhookRequest unsigned = WebhookRequest.builder("POST", "https://shop.example/webhooks/x").body("{}").build();
    assertThatThrownBy(() -> inbound.verify(unsigned)).isInstanceOf(SignatureException.class);
    assertThat(inbound.replayToken(SIGNED)).contains(Both.TOKEN);
    assertThat(inbound.parse(SIGNED)).isSameAs(Both.EVENTS);
    assertThat(inbound.acknowledge().status()).isEqualTo(202);
    assertThat(wrapped.send(HELLO).messageId()).isEqualTo("both-k-1");
  }
}
