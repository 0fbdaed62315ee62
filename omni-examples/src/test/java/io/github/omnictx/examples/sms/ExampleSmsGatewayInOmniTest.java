package io.github.omnictx.examples.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.webhook.WebhookRequest;
import org.junit.jupiter.api.Test;

/** Registered once, the third-party adapter serves the webhook pipeline and is found for sending. */
class ExampleSmsGatewayInOmniTest {
  private final ExampleSmsGateway gateway = new ExampleSmsGatewayOutboundContractTest().adapter("https://api.example-sms.test/");
  private final Omni omni = Omni.builder().adapter(gateway).build();

  @Test
  void aSignedSmsIsRecordedOnceForItsSender() {
    OmniTenant shop = omni.tenant("acme");
    WebhookRequest sms = new ExampleSmsGatewayContractTest().publishedVector();
    assertThat(shop.webhooks().handle("example-sms", sms).status()).isEqualTo(200);
    assertThat(shop.webhooks().handle("example-sms", sms).status()).isEqualTo(200);
    var anna = shop.customers().getByIdentity(Identity.phone("+4915112345678"));
    assertThat(shop.timeline().page(TimelineQuery.forCustomer(anna.id()).build()).items()).singleElement()
        .satisfies(t -> assertThat(t.channel()).isEqualTo(Channels.SMS.id()));
    WebhookRequest forged = WebhookRequest.builder("POST", ExampleSmsGatewayContractTest.URL)
        .header(ExampleSmsGateway.SIGNATURE_HEADER, "v1=00").body(Fixtures.bytes("example-sms/message-mms.json")).build();
    assertThat(shop.webhooks().handle("example-sms", forged).status()).isEqualTo(403);
  }

  @Test
  void theSameRegistrationIsTheSmsChannelsSender() {
    assertThat(omni.outboundAdapter("example-sms")).containsSame(gateway);
    assertThat(omni.outboundAdapters(Channels.SMS.id())).containsExactly(gateway);
  }
}
