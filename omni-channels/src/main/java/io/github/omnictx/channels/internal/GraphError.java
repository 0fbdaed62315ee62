package io.github.omnictx.channels.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The error envelope of Meta's Graph API ({@code {"error":{"message","type","code","error_subcode",
 * "error_data":{"details"},"fbtrace_id"}}}), read leniently: a provider's error body that does not
 * have this shape yields empty. Not API. Immutable and thread-safe.
 *
 * @param code the error code, or -1 when absent
 * @param subcode the error subcode, or -1 when absent
 * @param message the message and, when given, {@code error_data.details}
 */
public record GraphError(int code, int subcode, String message) {

  /**
   * Reads a Graph error body.
   *
   * @param body the response body text
   * @return the error, or empty when the body is not a Graph error
   */
  public static Optional<GraphError> parse(String body) {
    JsonNode root;
    try {
      root = JsonBody.MAPPER.readTree(body);
    } catch (Exception notJson) {
      return Optional.empty();
    }
    JsonNode error = root == null ? null : root.get("error");
    if (error == null || !error.isObject()) {
      return Optional.empty();
    }
    int code = intOf(error.get("code"));
    int subcode = intOf(error.get("error_subcode"));
    String message = error.path("message").isTextual() ? error.get("message").asText() : "";
    JsonNode details = error.path("error_data").path("details");
    if (details.isTextual() && !details.asText().isBlank()) {
      message = message.isEmpty() ? details.asText() : message + " (" + details.asText() + ")";
    }
    return Optional.of(new GraphError(code, subcode, message.isEmpty() ? "no message" : message));
  }

  /** @return the message with the subcode, for a {@code DeliveryException} message */
  public String describe() {
    return subcode < 0 ? message : message + " [subcode " + subcode + "]";
  }

  private static int intOf(JsonNode n) {
    if (n != null && n.isIntegralNumber() && n.canConvertToInt()) {
      return n.intValue();
    }
    if (n != null && n.isTextual()) {
      try {
        return Integer.parseInt(n.asText().strip());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }
}
