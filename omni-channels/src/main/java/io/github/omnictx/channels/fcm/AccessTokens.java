package io.github.omnictx.channels.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.Parsing;
import io.github.omnictx.channels.internal.ProviderHttp;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.DeliveryException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import okhttp3.FormBody;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth 2 access token of one service account: a signed RS256 assertion exchanged at the token
 * URI (the JWT bearer grant, RFC 7523), kept until a minute before it expires. Thread-safe: one
 * exchange at a time, so a cold cache under load costs one request, not one per sender.
 */
final class AccessTokens {
  /** The scope FCM sends need. */
  static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  /** How long an assertion is valid; Google accepts at most an hour. */
  static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
  /** A token this close to expiry is replaced before use, so it cannot expire in flight. */
  static final Duration MARGIN = Duration.ofMinutes(1);

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A token and whether it was fetched for this call (then a 401 is not a stale cache). */
  record Token(String value, boolean fresh) {}

  private final FcmConfig config;
  private final ProviderHttp http;
  private @Nullable String token;
  private Instant expires = Instant.MIN;

  AccessTokens(FcmConfig config, ProviderHttp http) {
    this.config = config;
    this.http = http;
  }

  /**
   * @return a token valid for at least {@link #MARGIN}
   * @throws DeliveryException the exchange failed: {@link Reason#UNAUTHORIZED} when the token
   *     endpoint refused the assertion, {@link Reason#TEMPORARY}/{@link Reason#RATE_LIMITED} when it
   *     may work later
   */
  synchronized Token current() {
    Instant now = config.clock().instant();
    String cached = token;
    if (cached != null && now.plus(MARGIN).isBefore(expires)) {
      return new Token(cached, false);
    }
    return new Token(exchange(now), true);
  }

  /** Forgets the cached token if it is still {@code value} (the API refused it). */
  synchronized void invalidate(String value) {
    if (value.equals(token)) {
      token = null;
      expires = Instant.MIN;
    }
  }

  private String exchange(Instant now) {
    Request request = new Request.Builder().url(config.tokenUri())
        .post(new FormBody.Builder().add("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
            .add("assertion", assertion(now)).build())
        .build();
    ProviderHttp.Answer answer = http.call(request);
    JsonNode reply = Parsing.lenient(answer.body());
    if (answer.ok()) {
      JsonNode value = reply.path("access_token");
      JsonNode seconds = reply.path("expires_in");
      if (value.isTextual() && !value.asText().isBlank() && seconds.canConvertToLong() && seconds.longValue() > 0) {
        token = value.asText();
        expires = now.plusSeconds(Math.min(seconds.longValue(), Duration.ofDays(1).toSeconds()));
        return value.asText();
      }
      // Nothing was sent yet, so another attempt is harmless.
      throw http.failure(Reason.TEMPORARY, null, null,
          "token endpoint answered without access_token and expires_in: " + Parsing.abbreviate(answer.body()));
    }
    String error = reply.path("error").asText("");
    String detail = "token exchange HTTP " + answer.status() + ": " + error + " "
        + reply.path("error_description").asText(Parsing.abbreviate(answer.body()));
    if (answer.status() == 429) {
      throw http.failure(Reason.RATE_LIMITED, error, answer.retryAfter().orElse(null), detail);
    }
    if (answer.status() >= 500) {
      throw http.failure(Reason.TEMPORARY, error, answer.retryAfter().orElse(null), detail);
    }
    // invalid_grant (bad signature, clock skew, deleted key), unauthorized_client, invalid_scope
    throw http.failure(Reason.UNAUTHORIZED, error.isEmpty() ? null : error, null, detail);
  }

  /** The signed JWT: RS256 with the service account's key id, issued by its e-mail for {@link #SCOPE}. */
  String assertion(Instant now) {
    FcmServiceAccount a = config.account();
    ObjectNode header = JsonBody.MAPPER.createObjectNode().put("alg", "RS256").put("typ", "JWT")
        .put("kid", a.privateKeyId());
    ObjectNode claims = JsonBody.MAPPER.createObjectNode().put("iss", a.clientEmail()).put("scope", SCOPE)
        .put("aud", config.tokenUri()).put("iat", now.getEpochSecond())
        .put("exp", now.plus(ASSERTION_LIFETIME).getEpochSecond());
    String signingInput = b64(header.toString()) + "." + b64(claims.toString());
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(a.privateKey());
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new DeliveryException(config.id(), Reason.UNAUTHORIZED, null, null,
          "could not sign the service account assertion: " + e.getMessage(), e);
    }
  }

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
