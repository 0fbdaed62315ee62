package io.github.omnictx.channels.webchat;

import static io.github.omnictx.channels.webchat.WebChatAdapterContractTest.SECRET;
import static io.github.omnictx.channels.webchat.WebChatAdapterContractTest.SIGNED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.internal.SignedJson;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Web/app chat specifics: the signed-JSON replay window, rotation, the app channel, replies. */
class WebChatAdapterTest {
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private static WebhookRequest request(long timestamp, String signature, byte[] body) {
    return WebhookRequest.builder("POST", WebChatAdapterContractTest.URL).header("Content-Type", "application/json")
        .header("X-Omni-Timestamp", Long.toString(timestamp)).header("X-Omni-Signature", signature).body(body).build();
  }

  private static WebChatAdapter adapter(Clock clock) {
    return new WebChatAdapter(WebChatConfig.builder(SECRET).clock(clock).build());
  }

  @Test
  void theDocumentedVectorMatches() {
    SignedJson signing = new SignedJson(SECRET, Duration.ofMinutes(5), Clock.systemUTC());
    assertThat(signing.sign(SIGNED_AT, "{}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("v1=0ab60cfc7c20ccdd63a2e0b22d433e17b71bacb764bfb23adc7d16c591e827a0");
    assertThat(signing.sign(SIGNED_AT, Fixtures.bytes("webchat/status-read.json")))
        .isEqualTo("v1=5cde94da62902f56b35f42da569e86dccadf8c8c552155858e5cb7c190fe6475");
  }

  @Test
  void aTimestampOutsideTheReplayWindowFailsVerificationEvenWithAGoodSignature() {
    MutableClock clock = new MutableClock(Instant.ofEpochSecond(SIGNED_AT));
    WebChatAdapter adapter = adapter(clock);
    byte[] body = Fixtures.bytes("webchat/message-text.json");
    WebhookRequest req = request(SIGNED_AT, "v1=ad6269b6f78440b303a7a9ebbdfe32c791b53e284bdf7044b7d37a99b72d308e", body);
    clock.advance(Duration.ofMinutes(5));
    adapter.verify(req);
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> adapter.verify(req)).isInstanceOfSatisfying(SignatureException.class, e -> {
      assertThat(e.missing()).isFalse();
      assertThat(e).hasMessageContaining("replay window");
    });
    clock.set(Instant.ofEpochSecond(SIGNED_AT - 301));
    assertThatThrownBy(() -> adapter.verify(req)).isInstanceOf(SignatureException.class);
  }

  @Test
  void theReplayWindowIsConfigurable() {
    Clock late = Clock.fixed(Instant.ofEpochSecond(SIGNED_AT + 900), ZoneOffset.UTC);
    WebChatAdapter adapter = new WebChatAdapter(WebChatConfig.builder(SECRET).replayWindow(Duration.ofMinutes(20))
        .clock(late).build());
    adapter.verify(request(SIGNED_AT, "v1=0ab60cfc7c20ccdd63a2e0b22d433e17b71bacb764bfb23adc7d16c591e827a0",
        "{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theTimestampIsSignedSoChangingItFailsVerification() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(SIGNED_AT), ZoneOffset.UTC);
    assertThatThrownBy(() -> adapter(clock).verify(request(SIGNED_AT + 1,
        "v1=0ab60cfc7c20ccdd63a2e0b22d433e17b71bacb764bfb23adc7d16c591e827a0", "{}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void duringRotationAnyListedSignatureMayMatch() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(SIGNED_AT), ZoneOffset.UTC);
    adapter(clock).verify(request(SIGNED_AT, "v1=00deadbeef, v1=0ab60cfc7c20ccdd63a2e0b22d433e17b71bacb764bfb23adc7d16c591e827a0",
        "{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aMalformedTimestampIsAWrongSignatureAndAMissingOneIsMissing() {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(SIGNED_AT), ZoneOffset.UTC);
    WebhookRequest bad = WebhookRequest.builder("POST", WebChatAdapterContractTest.URL)
        .header("X-Omni-Timestamp", "yesterday").header("X-Omni-Signature", "v1=00").body("{}").build();
    assertThatThrownBy(() -> adapter(clock).verify(bad))
        .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.missing()).isFalse());
    WebhookRequest none = WebhookRequest.builder("POST", WebChatAdapterContractTest.URL)
        .header("X-Omni-Signature", "v1=00").body("{}").build();
    assertThatThrownBy(() -> adapter(clock).verify(none))
        .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.missing()).isTrue());
  }

  @Test
  void theAppChatIsTheSameAdapterOnAnotherChannel() {
    WebChatAdapter app = new WebChatAdapter(WebChatConfig.builder(SECRET).channel(Channels.APP_CHAT)
        .clock(WebChatAdapterContractTest.CLOCK).build());
    assertThat(app.id()).isEqualTo("app-chat");
    assertThat(app.channel()).isEqualTo(Channels.APP_CHAT.id());
    assertThatThrownBy(() -> WebChatConfig.builder(SECRET).channel(Channels.SMS))
        .hasMessageContaining("web-chat or app-chat");
    assertThatThrownBy(() -> WebChatConfig.builder("short")).hasMessageContaining("at least 16 characters");
  }

  private static InboundTouch parse(String json) {
    WebhookRequest req = WebChatAdapterContractTest.signedRequest(WebChatAdapterContractTest.URL,
        json.getBytes(StandardCharsets.UTF_8));
    return (InboundTouch) adapter(WebChatAdapterContractTest.CLOCK).parse(req).get(0);
  }

  @Test
  void anAgentMessageTheBackendSentIsOutbound() {
    assertThat(parse("{\"id\":\"m\",\"direction\":\"outbound\",\"visitor\":{\"deviceId\":\"d\"},"
        + "\"sentAt\":\"2024-06-10T07:00:00Z\",\"text\":\"hello\"}").direction()).isEqualTo(Direction.OUTBOUND);
  }

  @Test
  void invalidFieldsAreNamedInTheError() {
    assertThatThrownBy(() -> parse("{\"id\":\"m\",\"visitor\":{\"deviceId\":\"d\",\"phone\":\"12\"},\"sentAt\":\"2024-06-10T07:00:00Z\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.visitor.phone"));
    assertThatThrownBy(() -> parse("{\"id\":\"m\",\"visitor\":{\"email\":\"a@example.com\"},\"sentAt\":\"2024-06-10T07:00:00Z\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.visitor.deviceId"));
    assertThatThrownBy(() -> parse("{\"id\":\"m\",\"visitor\":{\"deviceId\":\"d\"},\"sentAt\":\"2024-06-10 07:00\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.sentAt"));
    assertThatThrownBy(() -> parse("{\"id\":\"m\",\"type\":\"Not A Type\",\"visitor\":{\"deviceId\":\"d\"},\"sentAt\":\"2024-06-10T07:00:00Z\"}"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body.type"));
  }

  @Test
  void aWrongContentTypeIsInvalidInput() {
    WebhookRequest req = WebhookRequest.builder("POST", WebChatAdapterContractTest.URL).header("Content-Type", "text/plain")
        .body("{}").build();
    assertThatThrownBy(() -> adapter(WebChatAdapterContractTest.CLOCK).parse(req)).isInstanceOf(InvalidInputException.class);
  }

  private WebChatAdapter sending() {
    return new WebChatAdapter(WebChatConfig.builder(SECRET).callbackUrl(server.url("/replies").toString())
        .clock(WebChatAdapterContractTest.CLOCK).build());
  }

  private static OutboundMessage reply() {
    return OutboundMessage.text(Identity.of(IdentityKind.DEVICE, "dev-1"), "hi", "omni-9");
  }

  @Test
  void withoutACallbackUrlTheAdapterCannotSend() {
    assertThatThrownBy(() -> adapter(WebChatAdapterContractTest.CLOCK).send(reply()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aBackendThatReturnsNoIdGetsOmnisId() {
    server.enqueue(new MockResponse().setResponseCode(202));
    assertThat(sending().send(reply()).messageId()).isEqualTo("omni-9");
  }

  @Test
  void aRefusedSignatureIsUnauthorized() {
    server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"error\":\"bad signature\"}"));
    assertThatThrownBy(() -> sending().send(reply())).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
      assertThat(e).hasMessageContaining("bad signature");
    });
  }

  @Test
  void upperCaseHexIsAcceptedAsMetaViberAndMailgunAcceptIt() {
    WebChatAdapter adapter = adapter(new MutableClock(Instant.ofEpochSecond(SIGNED_AT)));
    byte[] body = Fixtures.bytes("webchat/message-text.json");
    String lower = "ad6269b6f78440b303a7a9ebbdfe32c791b53e284bdf7044b7d37a99b72d308e";
    adapter.verify(request(SIGNED_AT, "v1=" + lower.toUpperCase(java.util.Locale.ROOT), body));
    adapter.verify(request(SIGNED_AT, "v1=00, V1=" + lower.toUpperCase(java.util.Locale.ROOT), body));
    String wrong = lower.substring(0, 63) + "F";
    assertThatThrownBy(() -> adapter.verify(request(SIGNED_AT, "v1=" + wrong.toUpperCase(java.util.Locale.ROOT), body)))
        .isInstanceOf(SignatureException.class);
  }
}
