package io.github.omnictx.channels.apns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.OutboundAdapterContractTest;
import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * APNs against MockWebServer speaking HTTP/2 only (h2 prior knowledge, as APNs speaks nothing
 * else), with a P-256 key generated for the test, so the provider token's ES256 signature is
 * checked with the matching public key.
 */
class ApnsAdapterContractTest extends OutboundAdapterContractTest<ApnsAdapter> {
  private static final String DEVICE = "740f4707bebcf74f9b7c25d48e3358945f6aa01da5ddb387462c7eaf61bb78ad";
  private static final String KEY_ID = "ABC123DEFG";
  private static final String TEAM_ID = "DEF123GHIJ";
  private static final String TOPIC = "com.example.grocer";
  private static final String ID = "0193a1f0-7c2e-7b5a-9d41-6f2c8e1a3b40";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KeyPair KEYS = p256();
  private static final OkHttpClient H2 = new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
      .build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));

  private static KeyPair p256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String pem(byte[] pkcs8) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
  }

  /** Replaces the HTTP/1.1 server the contract starts with one that speaks only HTTP/2. */
  @BeforeEach
  void speakHttp2() throws IOException {
    server.shutdown();
    server = new MockWebServer();
    server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    server.start();
  }

  @Override
  protected ApnsAdapter adapter(String baseUrl) {
    return new ApnsAdapter(ApnsConfig.builder(pem(KEYS.getPrivate().getEncoded()), KEY_ID, TEAM_ID, TOPIC)
        .apiBaseUrl(baseUrl).httpClient(H2).clock(clock).build());
  }

  private ApnsAdapter adapter() {
    return adapter(baseUrl());
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(Identity.of(IdentityKind.DEVICE, DEVICE), "Your order 4711 is ready for pick-up.", ID);
  }

  @Override
  protected MockResponse accepted() {
    return new MockResponse().setResponseCode(200).setHeader("apns-id", ID);
  }

  @Override
  protected String acceptedId() {
    return ID;
  }

  private static MockResponse error(int status, String fixture) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setHeader("apns-id", ID).setBody(Fixtures.text("apns/" + fixture));
  }

  @Override
  protected MockResponse permanentError() {
    return error(410, "error-410-unregistered.json");
  }

  @Override
  protected MockResponse rateLimited() {
    return error(429, "error-429-too-many-requests.json");
  }

  @Override
  protected MockResponse serverError() {
    return error(503, "error-503-service-unavailable.json");
  }

  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/3/device/" + DEVICE);
    assertThat(request.getHeader("apns-topic")).isEqualTo(TOPIC);
    assertThat(request.getHeader("apns-push-type")).isEqualTo("alert");
    assertThat(request.getHeader("apns-id")).isEqualTo(ID);
    assertThat(json(request.getBody().readUtf8())).isEqualTo(json(Fixtures.text("apns/outbound-alert-request.json")));
    assertProviderToken(request.getHeader("authorization"), clock.instant());
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The bearer token is an ES256 JWT that Apple's public key for it would verify. */
  private static void assertProviderToken(String authorization, Instant issuedAt) {
    assertThat(authorization).startsWith("bearer ");
    String[] parts = authorization.substring("bearer ".length()).split("\\.");
    assertThat(parts).hasSize(3);
    Base64.Decoder b64 = Base64.getUrlDecoder();
    assertThat(json(new String(b64.decode(parts[0]), StandardCharsets.UTF_8)))
        .isEqualTo(json("{\"alg\":\"ES256\",\"kid\":\"" + KEY_ID + "\"}"));
    assertThat(json(new String(b64.decode(parts[1]), StandardCharsets.UTF_8)))
        .isEqualTo(json("{\"iss\":\"" + TEAM_ID + "\",\"iat\":" + issuedAt.getEpochSecond() + "}"));
    byte[] signature = b64.decode(parts[2]);
    assertThat(signature).hasSize(64); // raw r || s, as JWS wants, not DER
    try {
      Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
      es256.initVerify(KEYS.getPublic());
      es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      assertThat(es256.verify(signature)).as("ES256 signature verifies with the public key").isTrue();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ APNs specifics

  @Test
  void theRequestTravelsOverHttp2() throws InterruptedException {
    server.enqueue(accepted());
    adapter().send(message());
    assertThat(server.takeRequest().getHeader("authorization")).startsWith("bearer ");
    // the same server refuses an HTTP/1.1 client: the send above was HTTP/2
    OkHttpClient http1 = new OkHttpClient.Builder().protocols(List.of(Protocol.HTTP_1_1))
        .readTimeout(Duration.ofSeconds(2)).build();
    ApnsAdapter overHttp1 = new ApnsAdapter(adapter().config().toBuilder().httpClient(http1).build());
    server.enqueue(accepted());
    assertThatThrownBy(() -> overHttp1.send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.TEMPORARY));
  }

  @Test
  void providerTokenIsReusedThenRefreshedAfterFiftyMinutes() throws InterruptedException {
    ApnsAdapter adapter = adapter();
    for (int i = 0; i < 3; i++) {
      server.enqueue(accepted());
    }
    Instant first = clock.instant();
    adapter.send(message());
    clock.advance(Duration.ofMinutes(49));
    adapter.send(message());
    clock.advance(Duration.ofMinutes(2));
    adapter.send(message());
    String a = server.takeRequest().getHeader("authorization");
    String b = server.takeRequest().getHeader("authorization");
    String c = server.takeRequest().getHeader("authorization");
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
    assertProviderToken(a, first);
    assertProviderToken(c, clock.instant());
  }

  @Test
  void unregisteredMarksTheIdentityUnreachableAndIsNotRetried() {
    server.enqueue(permanentError());
    server.enqueue(accepted());
    ResilientAdapter resilient = ApnsAdapter.resilient(adapter()).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .build();
    assertThatThrownBy(() -> resilient.send(message())).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.RECIPIENT_UNREACHABLE);
      assertThat(e.providerCode()).contains("Unregistered");
      assertThat(e.retryable()).isFalse();
    });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void badDeviceTokenIsUnreachable() {
    server.enqueue(error(400, "error-400-bad-device-token.json"));
    assertThatThrownBy(() -> adapter().send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.RECIPIENT_UNREACHABLE));
  }

  @Test
  void invalidProviderTokenIsUnauthorized() {
    server.enqueue(error(403, "error-403-invalid-provider-token.json"));
    assertThatThrownBy(() -> adapter().send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED));
  }

  @Test
  void expiredProviderTokenIsRetriedWithAFreshlySignedOne() throws InterruptedException {
    server.enqueue(error(403, "error-403-expired-provider-token.json"));
    server.enqueue(accepted());
    ResilientAdapter resilient = ApnsAdapter.resilient(adapter()).backoff(Duration.ofMillis(1), Duration.ofMillis(2))
        .build();
    clock.advance(Duration.ofSeconds(1));
    assertThat(resilient.send(message()).messageId()).isEqualTo(ID);
    String expired = server.takeRequest().getHeader("authorization");
    String fresh = server.takeRequest().getHeader("authorization");
    assertThat(fresh).isNotEqualTo(expired);
  }

  @Test
  void aRecipientThatIsNoDeviceTokenIsRefusedWithoutACall() {
    OutboundMessage toEmail = OutboundMessage.text(Identity.email("anna@example.com"), "hi", ID);
    OutboundMessage pathTrick = OutboundMessage.text(Identity.of(IdentityKind.DEVICE, "../../admin"), "hi", ID);
    for (OutboundMessage m : List.of(toEmail, pathTrick)) {
      assertThatThrownBy(() -> adapter().send(m)).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
    }
    Attachment image = new Attachment("image", Optional.of("https://shop.example.com/p.jpg"), Optional.empty(),
        Optional.empty(), Optional.empty());
    assertThatThrownBy(() -> adapter().send(new OutboundMessage(message().recipient(), Optional.of("x"),
        List.of(image), Optional.empty(), ID))).isInstanceOf(DeliveryException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void apnsIdIsStableForOneIdempotencyKey() {
    assertThat(ApnsAdapter.apnsId(ID)).isEqualTo(ID);
    assertThat(ApnsAdapter.apnsId("touchpoint-42")).isEqualTo(ApnsAdapter.apnsId("touchpoint-42"))
        .isNotEqualTo(ApnsAdapter.apnsId("touchpoint-43"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void aKeyThatDoesNotParseIsRefusedAtStartUpNamingTheSetting() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    List<String> bad = List.of("", "not a key", pem("garbage".getBytes(StandardCharsets.US_ASCII)),
        "-----BEGIN PRIVATE KEY-----\n%%%\n-----END PRIVATE KEY-----", pem(rsa.generateKeyPair().getPrivate().getEncoded()),
        pem(p384.generateKeyPair().getPrivate().getEncoded()));
    for (String key : bad) {
      assertThatThrownBy(() -> ApnsConfig.builder(key, KEY_ID, TEAM_ID, TOPIC))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("privateKey must be");
    }
    assertThatThrownBy(() -> ApnsConfig.builder(pem(KEYS.getPrivate().getEncoded()), "abc", TEAM_ID, TOPIC))
        .hasMessageStartingWith("keyId must be");
    assertThatThrownBy(() -> ApnsConfig.builder(pem(KEYS.getPrivate().getEncoded()), KEY_ID, TEAM_ID, "a/b"))
        .hasMessageStartingWith("topic must be");
  }

  @Test
  void configurationNeverShowsTheKey() {
    String pem = pem(KEYS.getPrivate().getEncoded());
    String shown = adapter().config().toString();
    assertThat(shown).contains(KEY_ID, TOPIC).doesNotContain(pem.substring(30, 60));
  }
}
