package io.github.omnictx.core.webhook;

import io.github.omnictx.core.internal.Checks;
import java.nio.charset.StandardCharsets;

/**
 * What the application writes back to the provider: a status, a content type and a body.
 * Immutable and thread-safe.
 *
 * @param status the HTTP status
 * @param contentType the body's media type
 * @param body the body bytes (copied)
 */
public record WebhookResponse(int status, String contentType, byte[] body) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the status is not 100-599 or a field is null
   */
  public WebhookResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599, was: " + status);
    }
    Checks.notBlank(contentType, "contentType");
    body = Checks.notNull(body, "body").clone();
  }

  /**
   * A plain-text response.
   *
   * @param status the HTTP status
   * @param text the body
   * @return the response
   */
  public static WebhookResponse text(int status, String text) {
    return new WebhookResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A JSON response.
   *
   * @param status the HTTP status
   * @param json the JSON text
   * @return the response
   */
  public static WebhookResponse json(int status, String json) {
    return new WebhookResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** @return a copy of the body */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** @return the body as UTF-8 text */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookResponse r && r.status == status && r.contentType.equals(contentType)
        && java.util.Arrays.equals(r.body, body);
  }

  @Override
  public int hashCode() {
    return status * 31 + java.util.Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "WebhookResponse[" + status + " " + contentType + ", " + body.length + " bytes]";
  }
}
