package io.github.omnictx.channels;

import io.github.omnictx.channels.internal.SignedJson;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.time.Clock;

/** Builds webhook requests in Omni's own signed JSON format (web/app chat, call centre, store/POS). */
public final class SignedJsonRequests {
  private SignedJsonRequests() {}

  /**
   * A JSON POST signed now, by the clock, with the secret.
   *
   * @param url the webhook URL
   * @param secret the shared secret
   * @param clock the clock the signing time is read from
   * @param body the raw body
   * @return the request with {@code X-Omni-Timestamp} and {@code X-Omni-Signature}
   */
  public static WebhookRequest signed(String url, String secret, Clock clock, byte[] body) {
    WebhookRequest.Builder b = WebhookRequest.builder("POST", url).header("Content-Type", "application/json").body(body);
    new SignedJson(secret, SignedJson.DEFAULT_REPLAY_WINDOW, clock).headers(body).forEach(b::header);
    return b.build();
  }

  /**
   * A JSON POST carrying a given timestamp and signature (a published test vector).
   *
   * @param url the webhook URL
   * @param signedAt the Unix seconds for {@code X-Omni-Timestamp}
   * @param signature the {@code X-Omni-Signature} value, {@code v1=…}
   * @param body the raw body
   * @return the request
   */
  public static WebhookRequest withSignature(String url, long signedAt, String signature, byte[] body) {
    return WebhookRequest.builder("POST", url).header("Content-Type", "application/json")
        .header("X-Omni-Timestamp", Long.toString(signedAt))
        .header("X-Omni-Signature", signature)
        .body(body).build();
  }
}
