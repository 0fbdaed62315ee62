package io.github.omnictx.channels.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.MessagingAdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.internal.Hmac;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class MessengerAdapterContractTest extends MessagingAdapterContractTest<MetaMessagingAdapter> {
  static final String SECRET = "omni-test-app-secret";
  private static final String URL = "https://omni.example.org/webhooks/messenger";
  private static final Identity PSID = Identity.of(IdentityKind.MESSENGER, "6543210987654321");
  private static final String ECHO_MID = "m_echoAG5Hz2U0000000000000000000000000000000000000000000000000000000000001";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static MetaConfig config(String baseUrl) {
    return MetaConfig.messenger().appSecret(SECRET).verifyToken("omni-verify-token").accessToken("EAApageToken")
        .accountId("106123456789012").apiBaseUrl(baseUrl).build();
  }

  @Override
  protected MetaMessagingAdapter adapter(String baseUrl) {
    return new MetaMessagingAdapter(config(baseUrl));
  }

  private MetaMessagingAdapter adapter() {
    return new MetaMessagingAdapter(config(server.url("/").toString()));
  }

  static WebhookRequest request(String url, byte[] body, String signature) {
    return WebhookRequest.builder("POST", url).header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", signature).body(body).build();
  }

  private WebhookRequest fixture(String name) {
    return signed(Fixtures.bytes("messenger/" + name));
  }

  @Override
  protected WebhookRequest publishedVector() {
    return request(URL, Fixtures.bytes("messenger/message-text.json"),
        "sha256=ac07cb0cbbe6e1525286473046fe5700c095347af032aff3d6be0b55ced762e9");
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return request(URL, body, "sha256=" + Hmac.sha256Hex(SECRET, body));
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return copy(request, request.body(), "X-Hub-Signature-256");
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
          assertThat(t.externalId())
              .isEqualTo("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P");
          assertThat(t.sender()).containsExactly(PSID);
          assertThat(t.senderName()).isEmpty();
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochMilli(1718003399876L));
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.text()).contains("hello, world!");
          assertThat(t.attachments()).isEmpty();
          assertThat(t.payload().path("recipient").path("id").asText()).isEqualTo("106123456789012");
        }),
        new Sample("image", fixture("message-attachment-image.json"), events -> {
          InboundTouch t = onlyTouch(events);
          assertThat(t.externalId()).startsWith("m_1fTq8oLumEyIp3Q2MR");
          assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochMilli(1718003460211L));
          assertThat(t.text()).isEmpty();
          assertThat(t.attachments()).containsExactly(new Attachment("image", Optional.of(
              "https://scontent.xx.fbcdn.net/v/t1.15752-9/000000000_1234567890123456_1234567890123456789_n.jpg?_nc_cat=1&ccb=1-7&oh=00_test&oe=66A00000"),
              Optional.empty(), Optional.empty(), Optional.empty()));
        }),
        new Sample("echo of Omni's own send", fixture("message-echo.json"), events -> assertThat(events)
            .containsExactly(new IgnoredEvent("echo", "echo of a message Omni sent: recorded when it was sent"))),
        new Sample("delivery", fixture("delivery.json"), events -> assertThat(events).containsExactly(
            new DeliveryUpdate(ECHO_MID, DeliveryStatus.DELIVERED, Instant.ofEpochMilli(1718003530900L),
                Optional.empty(), Optional.empty()))),
        new Sample("read watermark", fixture("read.json"), events -> assertThat(events).containsExactly(
            new IgnoredEvent("read", "a watermark without message ids names no message"))));
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(PSID, "hello, world", "omni-out-1");
  }

  @Override
  protected MockResponse accepted() {
    return new MockResponse().setBody(Fixtures.text("messenger/outbound-send-response-ok.json"));
  }

  @Override
  protected String acceptedId() {
    return "m_AG5Hz2UoutboundTest000000000000000000000000000000000000000000000002";
  }

  @Override
  protected MockResponse permanentError() {
    return new MockResponse().setResponseCode(400).setBody(Fixtures.text("messenger/outbound-error-190.json"));
  }

  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getPath()).isEqualTo("/v21.0/106123456789012/messages");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer EAApageToken");
    ObjectNode expected = (ObjectNode) json(Fixtures.text("messenger/outbound-send-text-request.json"));
    ((ObjectNode) expected.get("message")).put("metadata", "omni:outbound:omni-out-1");
    assertThat(json(request.getBody().readUtf8())).isEqualTo(expected);
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ Messenger specifics

  @Test
  void channelAndIdAreMessengers() {
    assertThat(adapter().id()).isEqualTo("messenger");
    assertThat(adapter().channel()).isEqualTo(Channels.MESSENGER.id());
  }

  @Test
  void echoOfAMessageSentOutsideOmniIsRecordedAsOutboundToTheCustomer() {
    String body = Fixtures.text("messenger/message-echo.json").replace("\"metadata\": \"omni:outbound:9f1c2d\",", "");
    InboundTouch t = (InboundTouch) adapter().parse(signed(body.getBytes(StandardCharsets.UTF_8))).get(0);
    assertThat(t.externalId()).isEqualTo(ECHO_MID);
    assertThat(t.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(t.sender()).containsExactly(PSID);
    assertThat(t.text()).contains("Thanks! An agent will reply shortly.");
    assertThat(t.occurredAt()).isEqualTo(Instant.ofEpochMilli(1718003520111L));
  }

  @Test
  void echoesCanBeSwitchedOff() {
    String body = Fixtures.text("messenger/message-echo.json").replace("omni:outbound:9f1c2d", "inbox");
    MetaMessagingAdapter quiet = new MetaMessagingAdapter(config(server.url("/").toString()).toBuilder()
        .recordEchoes(false).build());
    assertThat(quiet.parse(signed(body.getBytes(StandardCharsets.UTF_8))))
        .singleElement().isInstanceOf(IgnoredEvent.class);
  }

  @Test
  void handshakeEchoesTheChallengeForTheRightTokenOnly() {
    String base = URL + "?hub.mode=subscribe&hub.challenge=CHALLENGE_ACCEPTED&hub.verify_token=";
    assertThat(adapter().handshake(WebhookRequest.builder("GET", base + "omni-verify-token").build()))
        .contains(WebhookResponse.text(200, "CHALLENGE_ACCEPTED"));
    assertThatThrownBy(() -> adapter().handshake(WebhookRequest.builder("GET", base + "omni-verify-tokeN").build()))
        .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.missing()).isFalse());
  }

  @Test
  void instagramPayloadIsNotAMessengerPayload() {
    assertThatThrownBy(() -> adapter().parse(signed(Fixtures.bytes("instagram/message-text.json"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("object must be page");
  }

  private DeliveryException failure(String body) {
    server.enqueue(new MockResponse().setResponseCode(400).setBody(body));
    try {
      adapter().send(message());
    } catch (DeliveryException e) {
      return e;
    }
    throw new AssertionError("send did not fail");
  }

  @Test
  void outsideTheWindowIsClassifiedSo() {
    DeliveryException e = failure(Fixtures.text("messenger/outbound-error-10-outside-window.json"));
    assertThat(e.reason()).isEqualTo(Reason.OUTSIDE_SERVICE_WINDOW);
    assertThat(e.providerCode()).contains("10");
  }

  @Test
  void unavailablePersonIsUnreachable() {
    assertThat(failure(Fixtures.text("messenger/outbound-error-551-unavailable.json")).reason())
        .isEqualTo(Reason.RECIPIENT_UNREACHABLE);
  }

  @Test
  void rateLimitsAndTemporaryFailuresAreRetryable() {
    assertThat(failure("{\"error\":{\"message\":\"(#613) Calls to this api have exceeded the rate limit.\",\"code\":613}}")
        .reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(failure("{\"error\":{\"message\":\"(#1200) Temporary send message failure.\",\"code\":1200}}")
        .reason()).isEqualTo(Reason.TEMPORARY);
    assertThat(failure("{\"error\":{\"message\":\"Permissions error\",\"code\":10}}").reason())
        .isEqualTo(Reason.UNAUTHORIZED);
  }

  @Test
  void textAndAttachmentTogetherAreRejectedWithoutACall() {
    Attachment image = new Attachment("image", Optional.of("https://shop.example.com/a.jpg"), Optional.empty(),
        Optional.empty(), Optional.empty());
    assertThatThrownBy(() -> adapter().send(new OutboundMessage(PSID, Optional.of("look"), List.of(image),
        Optional.empty(), "k"))).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void attachmentIsSentByUrl() throws Exception {
    server.enqueue(accepted());
    Attachment image = new Attachment("image", Optional.of("https://shop.example.com/a.jpg"), Optional.empty(),
        Optional.empty(), Optional.empty());
    adapter().send(new OutboundMessage(PSID, Optional.empty(), List.of(image), Optional.empty(), "k-9"));
    assertThat(json(server.takeRequest().getBody().readUtf8())).isEqualTo(json("""
        {"recipient":{"id":"6543210987654321"},"messaging_type":"RESPONSE","message":{
          "attachment":{"type":"image","payload":{"url":"https://shop.example.com/a.jpg"}},
          "metadata":"omni:outbound:k-9"}}"""));
  }
}
