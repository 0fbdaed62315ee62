package io.github.omnictx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.ChannelAdapter;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One registration call for every kind of adapter; each side is found where it is used. */
class OmniAdaptersTest {

  /** Receives webhooks only, as a call centre does. */
  private record Receiver(String id, ChannelId channel) implements InboundAdapter {
    @Override
    public void verify(WebhookRequest request) {
      throw new SignatureException("test adapter: nothing verifies", true);
    }

    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
      return List.of();
    }
  }

  /** Sends only. */
  private record Sender(String id, ChannelId channel) implements OutboundAdapter {
    @Override
    public SendReceipt send(OutboundMessage message) {
      return new SendReceipt(id + "-1", DeliveryStatus.SENT);
    }
  }

  /** Both directions, as messaging providers are. */
  private record Messenger(String id, ChannelId channel) implements InboundAdapter, OutboundAdapter {
    @Override
    public void verify(WebhookRequest request) {
      throw new SignatureException("test adapter: nothing verifies", true);
    }

    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
      return List.of();
    }

    @Override
    public SendReceipt send(OutboundMessage message) {
      return new SendReceipt(id + "-1", DeliveryStatus.SENT);
    }
  }

  private final Receiver callCentre = new Receiver("call-center", Channels.VOICE.id());
  private final Sender push = new Sender("push", Channels.SMS.id());
  private final Messenger sms = new Messenger("sms-gateway", Channels.SMS.id());
  private final Omni omni = Omni.builder().adapter(callCentre).adapter(push).adapter(sms).build();

  @Test
  void everyAdapterIsRegisteredOnceInOrder() {
    assertThat(omni.adapters().keySet()).containsExactly("call-center", "push", "sms-gateway");
    assertThat(omni.adapters().values()).containsExactly(callCentre, push, sms);
  }

  @Test
  void theWebhookPipelineServesOnlyAdaptersThatReceive() {
    OmniTenant shop = omni.tenant("acme");
    assertThat(shop.webhooks().adapters()).containsExactlyInAnyOrder("call-center", "sms-gateway");
    WebhookRequest request = WebhookRequest.builder("POST", "https://shop.example/webhooks/push").body(new byte[] {'{', '}'})
        .build();
    assertThat(shop.webhooks().handle("push", request).status()).isEqualTo(404);
    assertThat(shop.webhooks().handle("sms-gateway", request).status()).isEqualTo(401);
  }

  @Test
  void outboundAdaptersAreFoundByIdAndByChannel() {
    assertThat(omni.outboundAdapter("sms-gateway")).containsSame(sms);
    assertThat(omni.outboundAdapter("push")).containsSame(push);
    assertThat(omni.outboundAdapter("call-center")).isEmpty();
    assertThat(omni.outboundAdapter("nobody")).isEmpty();
    assertThat(omni.outboundAdapters(Channels.SMS.id())).containsExactly(push, sms);
    assertThat(omni.outboundAdapters(Channels.VOICE.id())).isEmpty();
    assertThat(omni.outboundAdapter("sms-gateway").orElseThrow()
        .send(OutboundMessage.text(Identity.phone("+4915112345678"), "hi", "k-1")).messageId()).isEqualTo("sms-gateway-1");
  }

  @Test
  void anIdIsTakenOnceWhateverTheDirection() {
    Omni.Builder b = Omni.builder().adapter(new Sender("sms-gateway", Channels.SMS.id()));
    ChannelAdapter again = new Receiver("sms-gateway", Channels.SMS.id());
    assertThatThrownBy(() -> b.adapter(again)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sms-gateway");
    assertThatThrownBy(() -> omni.outboundAdapter(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("adapterId");
    assertThatThrownBy(() -> omni.outboundAdapters(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("channel");
  }
}
