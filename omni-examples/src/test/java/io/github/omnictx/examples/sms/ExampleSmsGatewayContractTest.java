package io.github.omnictx.examples.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.AdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The inbound contract for the example SMS gateway, with its fixtures under {@code example-sms/}. */
class ExampleSmsGatewayContractTest extends AdapterContractTest<ExampleSmsGateway> {
  static final String SECRET = "whsec_example_0123456789abcdef";
  static final String URL = "https://shop.example/webhooks/example-sms";

  @Override
  protected ExampleSmsGateway adapter(String baseUrl) {
    return new ExampleSmsGateway(SECRET, "key_live_example", "+4930901820", baseUrl);
  }

  @Override
  protected WebhookRequest publishedVector() {
    return request(Fixtures.bytes("example-sms/message-received.json"),
        "v1=d6bb834f0d9818f1b195bd13a8fd5ddd27bc683884f237efd5360473f9c89f8e");
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return request(body, "v1=" + hmacHex(body));
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return copy(request, request.body(), ExampleSmsGateway.SIGNATURE_HEADER);
  }

  // at least three recorded payloads, each with what it must parse into
  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("sms", signed(Fixtures.bytes("example-sms/message-received.json")), events ->
            assertThat(events).singleElement().isInstanceOfSatisfying(InboundTouch.class, t -> {
              assertThat(t.externalId()).isEqualTo("in_01HV8Z3Q6N4T");
              assertThat(t.sender()).containsExactly(Identity.phone("+4915112345678"));
              assertThat(t.text()).contains("Is my order 4711 on its way?");
            })),
        new Sample("mms", signed(Fixtures.bytes("example-sms/message-mms.json")), events ->
            assertThat(events).singleElement().isInstanceOfSatisfying(InboundTouch.class, t ->
                assertThat(t.attachments()).singleElement().satisfies(a -> {
                  assertThat(a.url()).contains("https://media.example-sms.test/m/01HV8Z4K2M7P/0");
                  assertThat(a.mimeType()).contains("image/jpeg");
                }))),
        new Sample("delivered", signed(Fixtures.bytes("example-sms/status-delivered.json")), events ->
            assertThat(events).singleElement().isInstanceOfSatisfying(DeliveryUpdate.class, u -> {
              assertThat(u.messageId()).isEqualTo("out_7Q2K9XW3");
              assertThat(u.status()).isEqualTo(DeliveryStatus.DELIVERED);
            })),
        new Sample("failed", signed(Fixtures.bytes("example-sms/status-failed.json")), events ->
            assertThat(events).singleElement().isInstanceOfSatisfying(DeliveryUpdate.class, u -> {
              assertThat(u.status()).isEqualTo(DeliveryStatus.FAILED);
              assertThat(u.errorCode()).contains("carrier_rejected");
            })),
        new Sample("ported", signed(Fixtures.bytes("example-sms/number-ported.json")), events ->
            assertThat(events).singleElement().isInstanceOf(IgnoredEvent.class)));
  }

  private static WebhookRequest request(byte[] body, String signature) {
    return WebhookRequest.builder("POST", URL).header("Content-Type", "application/json")
        .header(ExampleSmsGateway.SIGNATURE_HEADER, signature).body(body).build();
  }

  private static String hmacHex(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
