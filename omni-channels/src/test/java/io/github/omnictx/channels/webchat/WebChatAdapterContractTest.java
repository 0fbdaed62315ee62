package io.github.omnictx.channels.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.channels.MessagingAdapterContractTest;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.SignedJsonRequests;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryUpdate;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/** The adapter contract for the web chat, with the fixtures under {@code webchat/}. */
class WebChatAdapterContractTest extends MessagingAdapterContractTest<WebChatAdapter> {
  static final String SECRET = "omni-test-webchat-secret-0001";
  static final long SIGNED_AT = 1718003400;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(SIGNED_AT + 60), ZoneOffset.UTC);
  static final String URL = "https://omni.example.org/webhooks/web-chat";

  @Override
  protected WebChatAdapter adapter(String baseUrl) {
    return new WebChatAdapter(WebChatConfig.builder(SECRET).callbackUrl(baseUrl + "chat/replies").clock(CLOCK).build());
  }

  /** message-text.json with the signature from the README, computed independently in Python. */
  @Override
  protected WebhookRequest publishedVector() {
    return SignedJsonRequests.withSignature(URL, SIGNED_AT,
        "v1=ad6269b6f78440b303a7a9ebbdfe32c791b53e284bdf7044b7d37a99b72d308e",
        Fixtures.bytes("webchat/message-text.json"));
  }

  @Override
  protected WebhookRequest signed(byte[] body) {
    return signedRequest(URL, body);
  }

  static WebhookRequest signedRequest(String url, byte[] body) {
    return SignedJsonRequests.signed(url, SECRET, CLOCK, body);
  }

  @Override
  protected WebhookRequest unsigned(WebhookRequest request) {
    return copy(request, request.body(), "X-Omni-Signature");
  }

  @Override
  protected List<Sample> samples() {
    return List.of(
        new Sample("message-text", signed(Fixtures.bytes("webchat/message-text.json")), events -> {
          InboundTouch t = (InboundTouch) events.get(0);
          assertThat(events).hasSize(1);
          assertThat(t.externalId()).isEqualTo("wc-msg-0001");
          assertThat(t.sender()).containsExactly(Identity.of(IdentityKind.DEVICE, "dev-7f3a9c21"),
              Identity.of(IdentityKind.EXTERNAL, "CUST-1001"), Identity.email("ana.test@example.com"),
              Identity.phoneLenient("+15551234567"));
          assertThat(t.senderName()).contains("Ana Test");
          assertThat(t.occurredAt()).isEqualTo(Instant.parse("2024-06-10T07:09:58Z"));
          assertThat(t.type()).isEqualTo(TouchpointType.MESSAGE);
          assertThat(t.direction()).isEqualTo(Direction.INBOUND);
          assertThat(t.text()).contains("Hi! Where is my order #42? 🚚");
          assertThat(t.topic()).contains("order-42");
          assertThat(t.attachments()).isEmpty();
          assertThat(t.payload()).isEqualTo(json("webchat/message-text.json"));
        }),
        new Sample("message-attachment", signed(Fixtures.bytes("webchat/message-attachment.json")), events -> {
          InboundTouch t = (InboundTouch) events.get(0);
          assertThat(t.externalId()).isEqualTo("wc-msg-0002");
          assertThat(t.sender()).containsExactly(Identity.of(IdentityKind.DEVICE, "dev-0b1c2d3e"));
          assertThat(t.senderName()).isEmpty();
          assertThat(t.topic()).isEmpty();
          assertThat(t.attachments()).containsExactly(
              new Attachment("image", Optional.of("https://chat.example.org/uploads/2024/06/10/parcel.jpg"),
                  Optional.empty(), Optional.of("image/jpeg"), Optional.of("parcel.jpg")),
              new Attachment("file", Optional.empty(), Optional.of("upl-5531"), Optional.of("application/pdf"),
                  Optional.empty()));
        }),
        new Sample("chat-started", signed(Fixtures.bytes("webchat/chat-started.json")), events -> {
          InboundTouch t = (InboundTouch) events.get(0);
          assertThat(t.externalId()).isEqualTo("wc-evt-0003");
          assertThat(t.type()).isEqualTo(TouchpointType.of("chat_started"));
          assertThat(t.text()).isEmpty();
          assertThat(t.topic()).contains("returns");
          assertThat(t.sender()).containsExactly(Identity.of(IdentityKind.DEVICE, "dev-7f3a9c21"),
              Identity.of(IdentityKind.EXTERNAL, "CUST-1001"));
        }),
        new Sample("status-read", signed(Fixtures.bytes("webchat/status-read.json")), events ->
            assertThat(events).containsExactly(new DeliveryUpdate("bk-5531", DeliveryStatus.READ,
                Instant.parse("2024-06-10T07:12:00Z"), Optional.empty(), Optional.empty()))));
  }

  private static JsonNode json(String fixture) {
    try {
      return new ObjectMapper().readTree(Fixtures.bytes(fixture));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(Identity.of(IdentityKind.DEVICE, "dev-7f3a9c21"), "It ships today.", "omni-msg-1");
  }

  @Override
  protected MockResponse accepted() {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"id\":\"bk-5531\"}");
  }

  @Override
  protected String acceptedId() {
    return "bk-5531";
  }

  @Override
  protected MockResponse permanentError() {
    return new MockResponse().setResponseCode(404).setBody("{\"error\":\"no such visitor\"}");
  }

  /** The reply is signed exactly as inbound requests are: the adapter itself accepts it. */
  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getPath()).isEqualTo("/chat/replies");
    byte[] body = request.getBody().readByteArray();
    WebhookRequest asReceived = WebhookRequest.builder("POST", request.getRequestUrl().toString())
        .headers(request.getHeaders().toMultimap()).body(body).build();
    adapter(server.url("/").toString()).verify(asReceived);
    assertThat(request.getHeader("X-Omni-Timestamp")).isEqualTo(Long.toString(SIGNED_AT + 60));
    assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
        "{\"id\":\"omni-msg-1\",\"recipient\":{\"kind\":\"DEVICE\",\"value\":\"dev-7f3a9c21\"},"
            + "\"text\":\"It ships today.\",\"attachments\":[]}");
  }
}
