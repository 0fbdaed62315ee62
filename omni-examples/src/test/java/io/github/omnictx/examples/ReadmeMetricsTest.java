package io.github.omnictx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's Micrometer binding reports what the dispatcher does. */
class ReadmeMetricsTest {

  /** An SMS provider that accepts everything. */
  private static final class AcceptingSms implements OutboundAdapter {
    @Override
    public String id() {
      return "sms-test";
    }

    @Override
    public ChannelId channel() {
      return Channels.SMS.id();
    }

    @Override
    public SendReceipt send(OutboundMessage message) {
      return new SendReceipt("SM-" + message.idempotencyKey(), DeliveryStatus.SENT);
    }
  }

  @Test
  void countersAndGaugesFollowTheDispatcher() {
    InMemoryStore store = new InMemoryStore();
    AcceptingSms sms = new AcceptingSms();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OutboundDispatcher dispatcher = ReadmeExamples.withMicrometer(store, sms, registry);
    OmniTenant shop = Omni.builder().store(store).adapter(sms).build().tenant("acme");
    Customer anna = shop.customers().create(List.of(Identity.phone("+49 151 12345678")), Map.of());
    shop.outbound().send(OutboundIntent.builder(anna.id(), Purpose.TRANSACTIONAL, "shipped-1").text("Shipped!").build());

    double dueBefore = registry.get("omni.outbox.due").gauge().value();
    dispatcher.runOnce();

    assertThat(dueBefore).isEqualTo(1.0);
    assertThat(registry.get("omni.outbound.sent").tag("channel", "sms").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("omni.outbox.due").gauge().value()).isZero();
    assertThat(registry.get("omni.outbox.oldest.due").gauge().value()).isZero();
  }
}
