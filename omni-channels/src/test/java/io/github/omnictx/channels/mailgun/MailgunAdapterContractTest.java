package io.github.omnictx.channels.mailgun;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.channels.MessagingAdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.FormData;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/** The adapter contract for Mailgun, with the recorded route forwards and event webhooks. */
class MailgunAdapterContractTest extends MessagingAdapterContractTest<MailgunAdapter> {

  @Override
  protected MailgunAdapter adapter(String baseUrl) {
    return new MailgunAdapter(MailgunTesting.config(baseUrl, MailgunTesting.CLOCK).subject("Your order 42").build());
  }

  /** The recorded route forward, signed by Mailgun with the fixture signing key. */
  @Override
  protected WebhookRequest publishedVector() {
    return MailgunTesting.recorded("mailgun/inbound-route.form");
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return MailgunTesting.signed(body, MailgunTesting.NOW);
  }

  /** Mailgun signs timestamp and token, not the body: change one character of the token. */
  @Override
  protected WebhookRequest tampered(WebhookRequest request) {
    String token = MailgunTesting.field(request, "token");
    String changed = (token.charAt(0) == 'a' ? "b" : "a") + token.substring(1);
    return MailgunTesting.withSignatureField(request, "token", changed);
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return MailgunTesting.withSignatureField(request, "signature", null);
  }

  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("inbound-route", MailgunTesting.recorded("mailgun/inbound-route.form"), events -> {
          InboundTouch t = (InboundTouch) events.get(0);
          assertThat(events).hasSize(1);
          assertThat(t.externalId()).isEqualTo("CAFtestMsgId0001+abc@mail.example.com");
          assertThat(t.sender()).containsExactly(Identity.email("ana.test@example.com"));
          assertThat(t.senderName()).contains("Ana Test");
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochSecond(1718003400));
          assertThat(t.type()).isEqualTo(TouchpointType.MESSAGE);
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.text()).contains("Hi team,\r\nCould you change the delivery date?");
          assertThat(t.topic()).contains("Re: Order 42");
          assertThat(t.attachments()).isEmpty();
          assertThat(t.payload().get("message-headers").isArray()).isTrue();
          assertThat(t.payload().get("body-plain").asText()).contains("Your order 42 has shipped.");
        }),
        new Sample("inbound-route-with-attachment-count",
            MailgunTesting.recorded("mailgun/inbound-route-with-attachment-count.form"), events -> {
              InboundTouch t = (InboundTouch) events.get(0);
              assertThat(t.externalId()).isEqualTo("20240610071457.1234.5678@mail.example.net");
              assertThat(t.sender()).containsExactly(Identity.email("omar@example.net"));
              assertThat(t.senderName()).contains("Omar Sample");
              assertThat(t.text()).contains("Please find the invoice attached.");
              assertThat(t.topic()).contains("Invoice attached");
              assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochSecond(1718003700));
              assertThat(t.payload().get("attachment-count").asText()).isEqualTo("1");
            }),
        new Sample("event-delivered", MailgunTesting.recorded("mailgun/event-delivered.json"), events ->
            assertThat(events).containsExactly(new DeliveryUpdate("20240610071000.a1b2c3d4e5f60718@mg.example.org",
                DeliveryStatus.DELIVERED, Instant.ofEpochSecond(1718003799, 827_431_000), Optional.empty(),
                Optional.empty()))),
        new Sample("event-failed-permanent", MailgunTesting.recorded("mailgun/event-failed-permanent.json"), events ->
            assertThat(events).containsExactly(new DeliveryUpdate("20240610071100.b2c3d4e5f6071829@mg.example.org",
                DeliveryStatus.FAILED, Instant.ofEpochSecond(1718003899, 512_345_000), Optional.of("550"),
                Optional.of("5.1.1 The email account that you tried to reach does not exist.")))));
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(Identity.email("ana.test@example.com"), "Your order 42 has shipped.", "9f1c2d");
  }

  @Override
  protected MockResponse accepted() {
    return new MockResponse().setHeader("Content-Type", "application/json")
        .setBody(Fixtures.text("mailgun/outbound-send-response-ok.json"));
  }

  /** The send response's id without its angle brackets: as event webhooks name the message. */
  @Override
  protected String acceptedId() {
    return "20240610071000.a1b2c3d4e5f60718@mg.example.org";
  }

  @Override
  protected MockResponse permanentError() {
    return new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
        .setBody(Fixtures.text("mailgun/outbound-error-400.json"));
  }

  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/v3/mg.example.org/messages");
    assertThat(request.getHeader("Authorization")).isEqualTo(okhttp3.Credentials.basic("api", MailgunTesting.API_KEY));
    assertThat(FormData.parse(request.getBody().readUtf8()))
        .isEqualTo(FormData.parse(Fixtures.text("mailgun/outbound-send-request.form")));
  }
}
