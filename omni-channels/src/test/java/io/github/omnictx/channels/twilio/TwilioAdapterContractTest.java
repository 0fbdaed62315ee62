package io.github.omnictx.channels.twilio;

import static io.github.omnictx.channels.twilio.TwilioTesting.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.MessagingAdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.FormData;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * The adapter contract for Twilio SMS, with Twilio's published signature vector (auth token
 * {@code 12345}) and the recorded SMS, MMS and status callback payloads.
 */
class TwilioAdapterContractTest extends MessagingAdapterContractTest<TwilioAdapter> {
  private static final String TOKEN = "12345";
  private static final String URL = "https://omni.example.org/webhooks/twilio/sms?tenant=acme";

  @Override
  protected TwilioAdapter adapter(String baseUrl) {
    return TwilioTesting.adapter(TOKEN, Channels.SMS, baseUrl);
  }

  @Override
  protected WebhookRequest publishedVector() {
    return WebhookRequest.builder("POST", "https://mycompany.com/myapp.php?foo=1&bar=2")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
        .body("CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212")
        .build();
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return TwilioTesting.signed(TOKEN, URL, body);
  }

  /** Changes one character of one decoded parameter value; the form is re-encoded. */
  @Override
  protected WebhookRequest tampered(WebhookRequest request) {
    Map<String, List<String>> params = FormData.parse(request.bodyText());
    List<String> names = new ArrayList<>(params.keySet());
    String victim = names.get(names.size() / 2);
    StringBuilder body = new StringBuilder();
    params.forEach((name, values) -> values.forEach(v -> {
      String value = name.equals(victim) ? (v.startsWith("9") ? "8" : "9") + v.substring(Math.min(1, v.length())) : v;
      body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }));
    return copy(request, body.toString().getBytes(StandardCharsets.UTF_8), null);
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return copy(request, request.body(), "X-Twilio-Signature");
  }

  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("inbound-sms", signed(Fixtures.bytes("twilio/inbound-sms.form")), events -> {
          InboundTouch t = (InboundTouch) events.get(0);
          assertThat(events).hasSize(1);
          assertThat(t.externalId()).isEqualTo("SM1f0e2d3c4b5a69788796a5b4c3d2e1f0");
          assertThat(t.sender()).containsExactly(Identity.phoneLenient("+15551234567"));
          assertThat(t.senderName()).isEmpty();
          assertThat(t.text()).contains("Hi! Is my order #42 shipped? Reply + thanks & bye");
          assertThat(t.type()).isEqualTo(TouchpointType.MESSAGE);
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.occurredAt()).isEqualTo(NOW);
          assertThat(t.attachments()).isEmpty();
          assertThat(t.payload().get("FromCity").asText()).isEqualTo("SAN FRANCISCO");
        }),
        new Sample("inbound-mms", signed(Fixtures.bytes("twilio/inbound-mms.form")), events -> {
          InboundTouch t = (InboundTouch) events.get(0);
          assertThat(t.externalId()).isEqualTo("MM2a3b4c5d6e7f80918273645546372819");
          assertThat(t.text()).contains("Here is the photo");
          assertThat(t.attachments()).containsExactly(new Attachment("image", Optional.of(
              "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/"
                  + "MM2a3b4c5d6e7f80918273645546372819/Media/ME0f1e2d3c4b5a69788796a5b4c3d2e1f0"),
              Optional.empty(), Optional.of("image/jpeg"), Optional.empty()));
        }),
        new Sample("status-delivered", signed(Fixtures.bytes("twilio/status-callback-delivered.form")), events ->
            assertThat(events).containsExactly(new DeliveryUpdate("SM9a8b7c6d5e4f30211203f4e5d6c7b8a9",
                DeliveryStatus.DELIVERED, NOW, Optional.empty(), Optional.empty()))),
        new Sample("status-undelivered", signed(Fixtures.bytes("twilio/status-callback-undelivered.form")), events ->
            assertThat(events).containsExactly(new DeliveryUpdate("SM7a6b5c4d3e2f10011002f3e4d5c6b7a8",
                DeliveryStatus.FAILED, NOW, Optional.of("30003"), Optional.empty()))));
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(Identity.phoneLenient("+15551234567"), "Your order #42 has shipped.", "omni-1");
  }

  @Override
  protected MockResponse accepted() {
    return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
        .setBody(Fixtures.text("twilio/outbound-send-response-ok.json"));
  }

  @Override
  protected String acceptedId() {
    return "SM9a8b7c6d5e4f30211203f4e5d6c7b8a9";
  }

  @Override
  protected MockResponse permanentError() {
    return new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
        .setBody(Fixtures.text("twilio/outbound-error-21211.json"));
  }

  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
    assertThat(request.getHeader("Authorization")).isEqualTo(okhttp3.Credentials.basic(TwilioTesting.ACCOUNT, TOKEN));
    assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(FormData.parse(request.getBody().readUtf8()))
        .isEqualTo(FormData.parse(Fixtures.text("twilio/outbound-send-sms-request.form")));
  }
}
