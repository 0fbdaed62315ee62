package io.github.omnictx.channels.internal;

import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import java.util.Locale;
import java.util.Optional;

/**
 * What every Meta webhook (WhatsApp Cloud API, Messenger, Instagram) shares: the GET subscription
 * handshake with {@code hub.verify_token}, the {@code X-Hub-Signature-256} HMAC over the raw body,
 * and the Graph API version format their configs accept.
 * Not API. Thread-safe (stateless).
 */
public final class MetaWebhooks {
  /** The header Meta signs webhook bodies in. */
  public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

  private MetaWebhooks() {}

  /**
   * Answers Meta's subscription handshake: a GET with {@code hub.mode=subscribe}, the configured
   * {@code hub.verify_token} and a {@code hub.challenge} to echo as plain text.
   *
   * @param request the request
   * @param verifyToken the token configured in the Meta app dashboard
   * @return the challenge echoed with 200, or empty when the request is not a handshake
   * @throws SignatureException if it is a handshake whose verify token is missing or wrong
   */
  public static Optional<WebhookResponse> handshake(WebhookRequest request, String verifyToken) {
    if (!request.method().equals("GET") || request.queryParam("hub.mode").isEmpty()) {
      return Optional.empty();
    }
    if (!request.queryParam("hub.mode").get().equals("subscribe")) {
      throw new SignatureException("hub.mode must be subscribe", false);
    }
    Optional<String> token = request.queryParam("hub.verify_token");
    if (token.isEmpty()) {
      throw new SignatureException("verify token missing: the handshake carries no hub.verify_token", true);
    }
    if (!Hmac.constantTimeEquals(verifyToken, token.get())) {
      throw new SignatureException("verify token does not match", false);
    }
    return Optional.of(WebhookResponse.text(200, request.queryParam("hub.challenge").orElse("")));
  }

  /**
   * Checks {@code X-Hub-Signature-256: sha256=<hex>} against the HMAC-SHA256 of the raw body bytes,
   * in constant time.
   *
   * @param request the request with the raw body
   * @param appSecret the Meta app secret (for Instagram Login, the Instagram app secret)
   * @throws SignatureException if the header is missing (missing) or malformed or wrong (not missing)
   */
  public static void verify(WebhookRequest request, String appSecret) {
    Optional<String> header = request.header(SIGNATURE_HEADER);
    if (header.isEmpty() || header.get().isBlank()) {
      throw new SignatureException("signature missing: no " + SIGNATURE_HEADER + " header", true);
    }
    String given = header.get().strip();
    if (!given.regionMatches(true, 0, "sha256=", 0, 7)) {
      throw new SignatureException("signature header must start with sha256=", false);
    }
    String expected = Hmac.sha256Hex(appSecret, request.body());
    if (!Hmac.constantTimeEquals(expected, given.substring(7).toLowerCase(Locale.ROOT))) {
      throw new SignatureException("signature does not match the body (signed with another app secret?)", false);
    }
  }

  /**
   * Validates a configured Graph API version (for the Meta and WhatsApp config builders).
   *
   * @param version the version, e.g. {@code v21.0}
   * @return the version
   * @throws IllegalArgumentException if it does not look like {@code v<major>.<minor>}
   */
  public static String apiVersion(String version) {
    if (version == null || !version.matches("v[0-9]+\\.[0-9]+")) {
      throw new IllegalArgumentException("apiVersion must look like v21.0, was: " + version);
    }
    return version;
  }
}
