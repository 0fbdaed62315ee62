package io.github.omnictx.channels.fcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.channels.Fixtures;
import io.github.omnictx.channels.OutboundAdapterContractTest;
import io.github.omnictx.core.channel.spi.Attachment;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.testing.MutableClock;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The FCM HTTP v1 adapter against two mock servers: {@link #server} as FCM and {@link #tokens} as
 * Google's OAuth token endpoint, with a recorded service-account key (a throwaway test key).
 */
class FcmAdapterContractTest extends OutboundAdapterContractTest<FcmAdapter> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEVICE_TOKEN =
      "fYl3pZ2_Q0e8kq1mX9vT4c:APA91bHq7rJ2kLmN3oP4qR5sT6uV7wX8yZ9aB0cD1eF2gH3iJ4kL5mN6oP7qR8sT9uV0wX1yZ2";
  private static final String ACCESS_TOKEN = "ya29.c.c0ASRK0GZexample-access-token-for-tests-only";

  private MockWebServer tokens;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T09:00:00Z"));

  @BeforeEach
  void startTokenEndpoint() throws IOException {
    tokens = new MockWebServer();
    tokens.start();
  }

  @AfterEach
  void stopTokenEndpoint() throws IOException {
    tokens.shutdown();
  }

  private static FcmServiceAccount account() {
    return FcmServiceAccount.fromJson(Fixtures.text("fcm/service-account.json"));
  }

  private FcmConfig.Builder config(String baseUrl) {
    return FcmConfig.builder(account()).apiBaseUrl(baseUrl).tokenUri(tokens.url("/token").toString()).clock(clock);
  }

  private MockResponse tokenGranted() {
    return new MockResponse().setHeader("Content-Type", "application/json")
        .setBody(Fixtures.text("fcm/token-response.json"));
  }

  @Override
  protected FcmAdapter adapter(String baseUrl) {
    // Every adapter instance exchanges once; enough grants for the contract's fresh instances.
    for (int i = 0; i < 4; i++) {
      tokens.enqueue(tokenGranted());
    }
    return new FcmAdapter(config(baseUrl).title("Omni Shop").build());
  }

  @Override
  protected OutboundMessage message() {
    return OutboundMessage.text(Identity.of(io.github.omnictx.core.identity.IdentityKind.DEVICE, DEVICE_TOKEN),
        "Your socks are still in the cart.", "01JEB2Z7K3Q9V6X4N8M0RTW5YA");
  }

  @Override
  protected MockResponse accepted() {
    return json(200, "fcm/send-accepted.json");
  }

  @Override
  protected String acceptedId() {
    return "projects/omni-shop-demo/messages/0:1733097600123456%31bd1c9631bd1c96";
  }

  @Override
  protected MockResponse permanentError() {
    return json(400, "fcm/error-invalid-argument.json");
  }

  @Override
  protected MockResponse rateLimited() {
    return json(429, "fcm/error-quota-exceeded.json").setHeader("Retry-After", "0");
  }

  @Override
  protected MockResponse serverError() {
    return json(503, "fcm/error-unavailable.json");
  }

  private static MockResponse json(int status, String fixture) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=UTF-8")
        .setBody(Fixtures.text(fixture));
  }

  @Override
  protected void assertSendRequest(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo("/v1/projects/omni-shop-demo/messages:send");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + ACCESS_TOKEN);
    try {
      assertThat(JSON.readTree(request.getBody().readUtf8())).isEqualTo(JSON.readTree("{\"message\":{"
          + "\"token\":\"" + DEVICE_TOKEN + "\","
          + "\"notification\":{\"title\":\"Omni Shop\",\"body\":\"Your socks are still in the cart.\"},"
          + "\"data\":{\"omni_message_id\":\"01JEB2Z7K3Q9V6X4N8M0RTW5YA\"},"
          + "\"android\":{\"collapse_key\":\"01JEB2Z7K3Q9V6X4N8M0RTW5YA\"},"
          + "\"apns\":{\"headers\":{\"apns-collapse-id\":\"01JEB2Z7K3Q9V6X4N8M0RTW5YA\"}}}}"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private FcmAdapter plainAdapter() {
    return new FcmAdapter(config(baseUrl()).build());
  }

  @Test
  void theAssertionIsAnRs256JwtOfTheServiceAccountVerifiableWithItsPublicKey() throws Exception {
    tokens.enqueue(tokenGranted());
    server.enqueue(accepted());
    plainAdapter().send(message());

    RecordedRequest exchange = tokens.takeRequest(5, TimeUnit.SECONDS);
    assertThat(exchange.getPath()).isEqualTo("/token");
    assertThat(exchange.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    String form = exchange.getBody().readUtf8();
    assertThat(form).startsWith("grant_type=" + enc("urn:ietf:params:oauth:grant-type:jwt-bearer") + "&assertion=");
    String jwt = URLDecoder.decode(form.substring(form.indexOf("assertion=") + 10), StandardCharsets.UTF_8);
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header).isEqualTo(JSON.readTree(
        "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"4f1c2b7e9a0d3c5e8b6a1f2d4c7e9b0a3d5f6e8c\"}"));
    assertThat(claims.path("iss").asText()).isEqualTo("omni-push@omni-shop-demo.iam.gserviceaccount.com");
    assertThat(claims.path("scope").asText()).isEqualTo("https://www.googleapis.com/auth/firebase.messaging");
    assertThat(claims.path("aud").asText()).isEqualTo(tokens.url("/token").toString());
    assertThat(claims.path("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(claims.path("exp").asLong()).isEqualTo(clock.instant().getEpochSecond() + 3600);

    RSAPrivateCrtKey key = (RSAPrivateCrtKey) account().privateKey();
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(KeyFactory.getInstance("RSA").generatePublic(
        new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())));
    rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    // A tampered claim set does not verify: the check above is not vacuous.
    rsa.initVerify(KeyFactory.getInstance("RSA").generatePublic(
        new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())));
    rsa.update((parts[0] + "." + parts[1] + "x").getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isFalse();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void theAccessTokenIsReusedUntilAMinuteBeforeItExpires() {
    tokens.enqueue(tokenGranted());
    tokens.enqueue(tokenGranted());
    FcmAdapter fcm = plainAdapter();
    for (int i = 0; i < 3; i++) {
      server.enqueue(accepted());
      fcm.send(message());
      clock.advance(Duration.ofMinutes(10));
    }
    assertThat(tokens.getRequestCount()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(29)); // 59 minutes after the grant of 3599 s: inside the margin
    server.enqueue(accepted());
    fcm.send(message());
    assertThat(tokens.getRequestCount()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void anUnregisteredTokenIsUnreachableAndNotRetried() {
    tokens.enqueue(tokenGranted());
    server.enqueue(json(404, "fcm/error-unregistered.json"));
    assertThatThrownBy(() -> plainAdapter().send(message())).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.RECIPIENT_UNREACHABLE);
      assertThat(e.providerCode()).contains("UNREGISTERED");
      assertThat(e.retryable()).isFalse();
    });
  }

  @Test
  void notFoundWithoutAnFcmCodeIsUnreachableToo() {
    tokens.enqueue(tokenGranted());
    server.enqueue(new MockResponse().setResponseCode(404)
        .setBody("{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\",\"status\":\"NOT_FOUND\"}}"));
    assertThatThrownBy(() -> plainAdapter().send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.RECIPIENT_UNREACHABLE));
  }

  @Test
  void quotaExceededCarriesRetryAfter() {
    tokens.enqueue(tokenGranted());
    server.enqueue(json(429, "fcm/error-quota-exceeded.json").setHeader("Retry-After", "17"));
    assertThatThrownBy(() -> plainAdapter().send(message())).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(17));
    });
  }

  @Test
  void aRefusedCachedTokenIsDroppedAndTheNextAttemptFetchesANewOne() {
    tokens.enqueue(tokenGranted());
    tokens.enqueue(tokenGranted());
    FcmAdapter fcm = plainAdapter();
    server.enqueue(accepted());
    fcm.send(message());
    server.enqueue(json(401, "fcm/error-unauthenticated.json"));
    assertThatThrownBy(() -> fcm.send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.TEMPORARY));
    server.enqueue(accepted());
    fcm.send(message());
    assertThat(tokens.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aFreshTokenRefusedIsUnauthorized() {
    tokens.enqueue(tokenGranted());
    server.enqueue(json(401, "fcm/error-unauthenticated.json"));
    assertThatThrownBy(() -> plainAdapter().send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED));
  }

  @Test
  void aRefusedAssertionIsUnauthorizedAndFcmIsNeverCalled() {
    tokens.enqueue(new MockResponse().setResponseCode(400).setBody(Fixtures.text("fcm/token-error-invalid-grant.json")));
    assertThatThrownBy(() -> plainAdapter().send(message())).isInstanceOfSatisfying(DeliveryException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED);
      assertThat(e.getMessage()).contains("invalid_grant").contains("Invalid JWT Signature");
    });
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void garbageAndTimeoutsAreClassifiedAndRetryable() {
    FcmAdapter fcm = new FcmAdapter(config(baseUrl())
        .httpClient(new okhttp3.OkHttpClient.Builder().readTimeout(Duration.ofMillis(300)).build()).build());
    tokens.enqueue(new MockResponse().setBody("<html>502 Bad Gateway</html>"));
    assertThatThrownBy(() -> fcm.send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.TEMPORARY));
    tokens.enqueue(tokenGranted());
    server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>upstream</html>"));
    assertThatThrownBy(() -> fcm.send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.TEMPORARY));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    assertThatThrownBy(() -> fcm.send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void anAcceptedAnswerWithoutANameIsNotRetriedSinceItWasMostLikelySent() {
    tokens.enqueue(tokenGranted());
    server.enqueue(new MockResponse().setBody("{}"));
    assertThatThrownBy(() -> plainAdapter().send(message())).isInstanceOfSatisfying(DeliveryException.class,
        e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  void wrongRecipientsTemplatesAndNonImagesAreRejectedWithoutACall() {
    FcmAdapter fcm = plainAdapter();
    List<OutboundMessage> bad = List.of(
        OutboundMessage.text(Identity.email("anna@example.com"), "hi", "k1"),
        new OutboundMessage(message().recipient(), Optional.of("hi"), List.of(), Optional.of(
            new OutboundMessage.Template("cart_reminder", "de", List.of())), "k2"),
        new OutboundMessage(message().recipient(), Optional.of("hi"), List.of(new Attachment("file",
            Optional.of("https://cdn.example.com/a.pdf"), Optional.empty(), Optional.empty(), Optional.empty())),
            Optional.empty(), "k3"));
    for (OutboundMessage m : bad) {
      assertThatThrownBy(() -> fcm.send(m)).isInstanceOfSatisfying(DeliveryException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.REJECTED));
    }
    assertThat(server.getRequestCount() + tokens.getRequestCount()).isZero();
  }

  @Test
  void anImageBecomesTheNotificationImage() throws Exception {
    tokens.enqueue(tokenGranted());
    server.enqueue(accepted());
    plainAdapter().send(new OutboundMessage(message().recipient(), Optional.of("Socks!"), List.of(new Attachment(
        "image", Optional.of("https://cdn.example.com/socks.jpg"), Optional.empty(), Optional.empty(),
        Optional.empty())), Optional.empty(), "k4"));
    JsonNode sent = JSON.readTree(server.takeRequest().getBody().readUtf8());
    assertThat(sent.path("message").path("notification").path("image").asText())
        .isEqualTo("https://cdn.example.com/socks.jpg");
    assertThat(sent.path("message").path("notification").has("title")).isFalse();
  }

  @Test
  void aServiceAccountFileIsValidatedFieldByFieldWithoutShowingTheKey() {
    assertThatThrownBy(() -> FcmServiceAccount.fromJson("{\"type\":\"authorized_user\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type must be service_account");
    assertThatThrownBy(() -> FcmServiceAccount.fromJson("{\"type\":\"service_account\",\"project_id\":\"p\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client_email");
    String broken = Fixtures.text("fcm/service-account.json").replace("MII", "XXX");
    assertThatThrownBy(() -> FcmServiceAccount.fromJson(broken)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("private_key");
    assertThatThrownBy(() -> FcmServiceAccount.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
    assertThat(account().toString()).doesNotContain("PRIVATE").contains("omni-shop-demo");
  }
}
