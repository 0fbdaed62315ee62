package io.github.omnictx.channels.viber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.channels.MessagingAdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.ConsentSignal;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class ViberAdapterContractTest extends MessagingAdapterContractTest<ViberAdapter> {
  private static final String TOKEN = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9";
  private static final String URL = "https://omni.example.org/webhooks/viber";
  private static final Identity JOHN = Identity.of(IdentityKind.VIBER, "01234567890A=");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ViberConfig config(String baseUrl) {
    return ViberConfig.builder(TOKEN, "Omni Bot").senderAvatar("https://avatar.example.com/omni.jpg")
        .apiBaseUrl(baseUrl).build();
  }

  @Override
  protected ViberAdapter adapter(String baseUrl) {
    return new ViberAdapter(config(baseUrl));
  }

  private ViberAdapter adapter() {
    return new ViberAdapter(config(server.url("/").toString()));
  }

  private static WebhookRequest request(byte[] body, String signature) {
    return WebhookRequest.builder("POST", URL).header("Content-Type", "application/json")
        .header(ViberAdapter.SIGNATURE_HEADER, signature).body(body).build();
  }

  private WebhookRequest fixture(String name) {
    return signed(Fixtures.bytes("viber/" + name));
  }

  @Override
  protected WebhookRequest publishedVector() {
    return request(Fixtures.bytes("viber/message-text.json"),
        "710aabe2c0fcb838283275b5d9de4a60ab66ac1e7f07975ac977de78b715c3c0");
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return request(body, Hmac.sha256Hex(TOKEN, body));
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return copy(request, request.body(), ViberAdapter.SIGNATURE_HEADER);
  }

  private static InboundTouch onlyTouch(List<InboundEvent> events) {
    assertThat(events).hasSize(1).first().isInstanceOf(InboundTouch.class);
    return (InboundTouch) events.get(0);
  }

  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("text", fixture("message-text.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("5741311803571721087");
          assertThat(t.sender()).containsExactly(JOHN);
          assertThat(t.senderName()).contains("John McClane");
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochMilli(1718003400123L));
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.text()).contains("Hi, where is my parcel?");
          assertThat(t.attachments()).isEmpty();
          assertThat(t.payload().path("message_token").bigIntegerValue())
              .isEqualTo(new BigInteger("5741311803571721087"));
        }),
        new Sample("picture", fixture("message-picture.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).isEqualTo("5741311803571721088");
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochMilli(1718003460456L));
          assertThat(t.text()).contains("the label");
          assertThat(t.attachments()).containsExactly(new Attachment("image", Optional.of(
              "https://dl-media.viber.com/1/share/2/long/vibes/icon/image/0x0/95e0/5688fdffdaa81e0ad0cb5cc2d6a8f8a1b2c3d4e5f60718293a4b5c6d7e8f90.jpg"),
              Optional.empty(), Optional.empty(), Optional.of("the label")));
        }),
        new Sample("delivered", fixture("delivered.json"), events -> assertThat(events).containsExactly(
            new DeliveryUpdate("4912661846655238145", DeliveryStatus.DELIVERED, Instant.ofEpochMilli(1718003500789L),
                Optional.empty(), Optional.empty()))),
        new Sample("seen", fixture("seen.json"), events -> assertThat(events).containsExactly(
            new DeliveryUpdate("4912661846655238145", DeliveryStatus.READ, Instant.ofEpochMilli(1718003560123L),
                Optional.empty(), Optional.empty()))),
        new Sample("failed", fixture("failed.json"), events -> assertThat(events).containsExactly(
            new DeliveryUpdate("4912661846655238146", DeliveryStatus.FAILED, Instant.ofEpochMilli(1718003570123L),
                Optional.empty(), Optional.of("failure description")))),
        new Sample("subscribed", fixture("subscribed.json"), events -> assertThat(events).containsExactly(
            new ConsentSignal(List.of(JOHN), Channels.VIBER.id(), Purpose.SERVICE, ConsentStatus.GRANTED,
                "viber:subscribed", Instant.ofEpochMilli(1718003300111L)),
            new ConsentSignal(List.of(JOHN), Channels.VIBER.id(), Purpose.TRANSACTIONAL, ConsentStatus.GRANTED,
                "viber:subscribed", Instant.ofEpochMilli(1718003300111L)))),
        new Sample("unsubscribed", fixture("unsubscribed.json"), events -> assertThat(events)
            .hasSize(Purpose.values().length)
            .allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(ConsentSignal.class, c -> {
              assertThat(c.subject()).containsExactly(JOHN);
              assertThat(c.status()).isEqualTo(ConsentStatus.REVOKED);
              assertThat(c.source()).isEqualTo("viber:unsubscribed");
              assertThat(c.occurredAt()).isEqualTo(Instant.ofEpochMilli(1718009999333L));
            }))
            .extracting(e -> ((ConsentSignal) e).purpose()).containsExactlyInAnyOrder(Purpose.values())),
        new Sample("conversation started", fixture("conversation-started.json"), events -> assertThat(events)
            .containsExactly(new IgnoredEvent("conversation_started", "the user opened the chat but wrote nothing"))),
        new Sample("webhook check", fixture("webhook-check.json"), events -> assertThat(events)
            .containsExactly(new IgnoredEvent("webhook", "Viber's set_webhook availability check"))));
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(JOHN, "Your parcel is out for delivery.", "9f1c2d");
  }

  private static MockResponse ok(String fixture) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
        .setBody(Fixtures.text("viber/" + fixture));
  }

  @Override
  protected MockResponse accepted() {
    return ok("outbound-send-response-ok.json");
  }

  @Override
  protected String acceptedId() {
    return "5741311803571721099";
  }

  /** Viber answers HTTP 200 even when it throttles: the body's status 12 says so. */
  @Override
  protected MockResponse rateLimited() {
    return ok("outbound-error-12-too-many-requests.json");
  }

  @Override
  protected MockResponse permanentError() {
    return ok("outbound-error-6-not-subscribed.json");
  }

  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getPath()).isEqualTo("/send_message");
    assertThat(request.getHeader("X-Viber-Auth-Token")).isEqualTo(TOKEN);
    assertThat(json(request.getBody().readUtf8())).isEqualTo(json(Fixtures.text("viber/outbound-send-text-request.json")));
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ Viber specifics

  @Test
  void messageTokenBeyondTwoToTheFiftyThirdStaysExact() {
    String big = "9223372036854775807"; // Long.MAX_VALUE: a double would round it to ...775808
    String body = Fixtures.text("viber/message-text.json").replace("5741311803571721087", big);
    InboundTouch t = (InboundTouch) adapter().parse(signed(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).get(0);
    assertThat(t.externalId()).isEqualTo(big);
    assertThat(Long.parseLong(t.externalId())).isGreaterThan(1L << 53);
    server.enqueue(accepted());
    assertThat(adapter().send(message()).messageId()).isEqualTo("5741311803571721099");
  }

  @Test
  void notSubscribedIsUnreachableAndNotRetried() {
    server.enqueue(permanentError());
    server.enqueue(accepted());
    ResilientAdapter resilient = ViberAdapter.resilient(adapter()).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .build();
    assertThatThrownBy(() -> resilient.send(message())).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.RECIPIENT_UNREACHABLE);
      assertThat(e.providerCode()).contains("6");
      assertThat(e.getMessage()).contains("receiverNotSubscribed");
    });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void tooManyRequestsIsRateLimited() {
    server.enqueue(rateLimited());
    assertThatThrownBy(() -> adapter().send(message())).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
      assertThat(e.retryable()).isTrue();
    });
  }

  @Test
  void invalidTokenIsUnauthorized() {
    server.enqueue(ok("outbound-error-2-invalid-token.json"));
    assertThatThrownBy(() -> adapter().send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED));
  }

  @Test
  void imageIsSentAsPictureWithTheTextAsDescription() throws Exception {
    server.enqueue(accepted());
    Attachment image = new Attachment("image", Optional.of("https://shop.example.com/p.jpg"), Optional.empty(),
        Optional.empty(), Optional.empty());
    adapter().send(new OutboundMessage(JOHN, Optional.of("Your parcel"), List.of(image), Optional.empty(), "k"));
    assertThat(json(server.takeRequest().getBody().readUtf8())).isEqualTo(json("""
        {"receiver":"01234567890A=","min_api_version":1,"sender":{"name":"Omni Bot",
         "avatar":"https://avatar.example.com/omni.jpg"},"tracking_data":"omni:k","type":"picture",
         "text":"Your parcel","media":"https://shop.example.com/p.jpg"}"""));
  }

  @Test
  void senderNameLongerThanVibersLimitIsRefused() {
    assertThatThrownBy(() -> ViberConfig.builder(TOKEN, "x".repeat(29))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("senderName must be at most 28");
  }
}
