package io.github.omnictx.channels.internal;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.webhook.FormData;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strict reading of {@code application/x-www-form-urlencoded} webhook bodies (Twilio, Mailgun):
 * malformed escapes and missing or malformed fields become {@link InvalidInputException}s naming
 * the field. Not API. Immutable and thread-safe.
 */
public final class Forms {
  /** The form media type. */
  public static final String URLENCODED = "application/x-www-form-urlencoded";

  private final Map<String, List<String>> fields;

  private Forms(Map<String, List<String>> fields) {
    this.fields = fields;
  }

  /**
   * Decodes form-encoded text.
   *
   * @param encoded the body text
   * @return the decoded fields
   * @throws InvalidInputException if a percent escape is malformed, or a name or value holds a NUL
   *     ({@code %00}) or an unpaired surrogate, which no store can hold
   */
  public static Forms decode(String encoded) {
    Map<String, List<String>> fields;
    try {
      fields = FormData.parse(encoded);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("body", "body is not valid form data: " + e.getMessage(), e);
    }
    fields.forEach((name, values) -> {
      int bad = Checks.unstorableIndex(name);
      if (bad >= 0) {
        throw new InvalidInputException("body", "body has a field name that " + Checks.unstorableReason(name, bad));
      }
      for (String v : values) {
        int at = Checks.unstorableIndex(v);
        if (at >= 0) {
          throw new InvalidInputException(name, name + " " + Checks.unstorableReason(v, at));
        }
      }
    });
    return new Forms(fields);
  }

  /**
   * Decodes a request body that must be form-encoded (an absent Content-Type is accepted).
   *
   * @param request the request
   * @return the decoded fields
   * @throws InvalidInputException if the content type is another, or the body is malformed
   */
  public static Forms of(WebhookRequest request) {
    Optional<String> type = request.contentType();
    if (type.isPresent() && !type.get().equals(URLENCODED)) {
      throw new InvalidInputException("content-type", "body must be " + URLENCODED + ", was: " + type.get());
    }
    return decode(request.bodyText());
  }

  /** @return every field, decoded, in order of first appearance */
  public Map<String, List<String>> all() {
    return fields;
  }

  /**
   * @param name the field
   * @return its first value, empty if absent or blank
   */
  public Optional<String> opt(String name) {
    List<String> v = fields.get(name);
    return v == null || v.isEmpty() || v.get(0).isBlank() ? Optional.empty() : Optional.of(v.get(0));
  }

  /**
   * @param name the field
   * @return its first value
   * @throws InvalidInputException if absent or blank
   */
  public String required(String name) {
    return opt(name).orElseThrow(() -> new InvalidInputException(name, name + " is required, was: absent"));
  }

  /**
   * The fields as a JSON object for a touchpoint payload: one value as a string, repeated values as
   * an array of strings.
   *
   * @return a new object
   */
  public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
    com.fasterxml.jackson.databind.node.ObjectNode o = JsonBody.MAPPER.createObjectNode();
    fields.forEach((k, vs) -> {
      if (vs.size() == 1) {
        o.put(k, vs.get(0));
      } else {
        com.fasterxml.jackson.databind.node.ArrayNode a = o.putArray(k);
        vs.forEach(a::add);
      }
    });
    return o;
  }

  /**
   * @param name the field
   * @param min the least allowed value
   * @param max the greatest allowed value
   * @param absent the value when the field is absent
   * @return the field as an integer
   * @throws InvalidInputException if present but not an integer in range
   */
  public int integer(String name, int min, int max, int absent) {
    Optional<String> v = opt(name);
    if (v.isEmpty()) {
      return absent;
    }
    try {
      int i = Integer.parseInt(v.get().strip());
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(name, name + " must be an integer between " + min + " and " + max + ", was: '"
        + (v.get().length() > 40 ? v.get().substring(0, 37) + "..." : v.get()) + "'");
  }
}
