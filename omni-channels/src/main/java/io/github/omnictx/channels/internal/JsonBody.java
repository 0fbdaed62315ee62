package io.github.omnictx.channels.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.internal.Payloads;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Strict reading of provider JSON: every unexpected shape becomes an {@link InvalidInputException}
 * naming the path, never a NullPointerException or ClassCastException. Not API. Thread-safe.
 */
public final class JsonBody {
  /**
   * The mapper adapters share; big integers stay exact (Viber's 64-bit message tokens), and so do
   * decimals, scale included ({@code 0.10} stays {@code 0.10}, not {@code 0.1}: till amounts).
   */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Jackson's own nesting limit: deeper bodies are refused while parsing. */
  private static final int MAX_BODY_DEPTH = 1000;

  private JsonBody() {}

  /**
   * Parses a request body that must be a JSON object.
   *
   * @param request the request
   * @return the object
   * @throws InvalidInputException if the content type is not JSON or the body is not a JSON object
   */
  public static ObjectNode object(WebhookRequest request) {
    Optional<String> type = request.contentType();
    if (type.isPresent() && !type.get().equals("application/json") && !type.get().endsWith("+json")) {
      throw new InvalidInputException("content-type", "body must be application/json, was: " + type.get());
    }
    return object(request.body());
  }

  /**
   * Parses bytes that must be a JSON object, and checks every value in it against Omni's {@link
   * io.github.omnictx.core.Limits} (text without NUL or unpaired surrogates, keys too; numbers
   * finite and within 38 digits), so that a value no store can hold is a 400 naming its path, and
   * no number is ever expanded from a huge exponent. The object returned is in the canonical form the
   * timeline keeps (integers by magnitude, decimals exact).
   *
   * @param body the bytes
   * @return the object
   * @throws InvalidInputException if they are not a JSON object, or a value is out of bounds
   */
  public static ObjectNode object(byte[] body) {
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("body", "body is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidInputException("body", "body could not be read: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("body", "body must be a JSON object, was: "
          + (node == null ? "empty" : node.getNodeType()));
    }
    return Payloads.copy(node, "body", MAX_BODY_DEPTH, InvalidInputException::new);
  }

  /**
   * A required object field.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path, for the message
   * @return the object
   * @throws InvalidInputException if absent or not an object
   */
  public static ObjectNode obj(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isObject()) {
      throw wrongType(path + "." + field, "an object", n);
    }
    return (ObjectNode) n;
  }

  /**
   * An optional object field.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @return the object, empty if absent or null
   * @throws InvalidInputException if present but not an object
   */
  public static Optional<ObjectNode> optObj(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      throw wrongType(path + "." + field, "an object", n);
    }
    return Optional.of((ObjectNode) n);
  }

  /**
   * A required array field (empty when absent, if {@code required} is false).
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @param required whether absence is an error
   * @return the array node (an empty one when absent and not required)
   * @throws InvalidInputException if present but not an array, or absent and required
   */
  public static JsonNode array(JsonNode parent, String field, String path, boolean required) {
    JsonNode n = parent.get(field);
    if ((n == null || n.isNull()) && !required) {
      return MAPPER.createArrayNode();
    }
    if (n == null || !n.isArray()) {
      throw wrongType(path + "." + field, "an array", n);
    }
    return n;
  }

  /**
   * A required text field; numbers are accepted as their exact text (ids sent as numbers).
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @return the text, not blank
   * @throws InvalidInputException if absent, blank or not a scalar
   */
  public static String text(JsonNode parent, String field, String path) {
    return optText(parent, field, path).orElseThrow(() -> wrongType(path + "." + field, "a string", parent.get(field)));
  }

  /**
   * An optional text field; numbers are accepted as their exact text.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @return the text, empty if absent, null or blank
   * @throws InvalidInputException if present but an object, array or boolean
   */
  public static Optional<String> optText(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (n.isTextual()) {
      return n.asText().isBlank() ? Optional.empty() : Optional.of(n.asText());
    }
    if (n.isIntegralNumber()) {
      return Optional.of(n.bigIntegerValue().toString());
    }
    throw wrongType(path + "." + field, "a string", n);
  }

  /**
   * A required boolean field defaulting when absent.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @param absent the value when absent
   * @return the value
   * @throws InvalidInputException if present but not a boolean
   */
  public static boolean bool(JsonNode parent, String field, String path, boolean absent) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return absent;
    }
    if (!n.isBoolean()) {
      throw wrongType(path + "." + field, "a boolean", n);
    }
    return n.booleanValue();
  }

  /**
   * A required integer field (also accepted as a string of digits).
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @return the value
   * @throws InvalidInputException if absent or not an integer in range
   */
  public static long integer(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    try {
      if (n != null && n.isIntegralNumber() && n.canConvertToLong()) {
        return n.longValue();
      }
      if (n != null && n.isTextual()) {
        return Long.parseLong(n.asText().strip());
      }
    } catch (NumberFormatException e) {
      throw wrongType(path + "." + field, "an integer", n);
    }
    throw wrongType(path + "." + field, "an integer", n);
  }

  /** The earliest provider time taken: no provider this adapter speaks to existed before. */
  public static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z");

  /** How far ahead of the clock a provider time may be (clock skew, time zones gone wrong). */
  public static final Duration MAX_AHEAD = Duration.ofDays(1);

  /**
   * A Unix time field in seconds (number or digit string), as the provider documents it; see
   * {@link #epoch} for the plausibility rule.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @param clock the adapter's clock, for "a day from now"
   * @return the instant
   * @throws InvalidInputException if absent, not an integer, or not plausible in either unit
   */
  public static Instant epochSeconds(JsonNode parent, String field, String path, Clock clock) {
    return epoch(parent, field, path, false, clock);
  }

  /**
   * A Unix time field in milliseconds (number or digit string), as the provider documents it; see
   * {@link #epoch} for the plausibility rule.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @param clock the adapter's clock, for "a day from now"
   * @return the instant
   * @throws InvalidInputException if absent, not an integer, or not plausible in either unit
   */
  public static Instant epochMillis(JsonNode parent, String field, String path, Clock clock) {
    return epoch(parent, field, path, true, clock);
  }

  /**
   * A Unix time in the unit the provider documents for the field, held to one rule for every
   * adapter: a provider time is plausible from {@link #EARLIEST_PLAUSIBLE} (2000-01-01) to {@link
   * #MAX_AHEAD} (a day) after the clock. A value implausible in the documented unit but plausible
   * in the other (seconds sent where milliseconds are documented, as in some Instagram payloads, or
   * the reverse) is read in the other unit: the two ranges are a thousandfold apart, so the
   * correction cannot pick a wrong plausible time. Anything else is refused.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @param millis whether the documented unit is milliseconds (else seconds)
   * @param clock the adapter's clock
   * @return the instant
   * @throws InvalidInputException if absent, not an integer, or not plausible in either unit
   */
  public static Instant epoch(JsonNode parent, String field, String path, boolean millis, Clock clock) {
    long n = integer(parent, field, path);
    Instant latest = clock.instant().plus(MAX_AHEAD);
    Instant documented = ofEpoch(n, millis);
    if (plausible(documented, latest)) {
      return documented;
    }
    Instant other = ofEpoch(n, !millis);
    if (plausible(other, latest)) {
      return other;
    }
    throw new InvalidInputException(path + "." + field, path + "." + field + " is not a plausible time (Unix "
        + (millis ? "milliseconds" : "seconds") + " from 2000-01-01 to a day from now), was: " + n);
  }

  private static Instant ofEpoch(long n, boolean millis) {
    if (millis) {
      return Instant.ofEpochMilli(n);
    }
    // beyond this any seconds value is far past a day from now; ofEpochSecond would throw
    return n > 31_556_889_864_403_199L || n < -31_557_014_167_219_200L ? Instant.MAX : Instant.ofEpochSecond(n);
  }

  /**
   * Holds a provider time read otherwise (fractional seconds, say) to the rule of {@link #epoch},
   * without the unit correction.
   *
   * @param at the time
   * @param field the field's path, for the message
   * @param clock the adapter's clock
   * @return the time
   * @throws InvalidInputException if it is before 2000 or more than a day from now
   */
  public static Instant plausible(Instant at, String field, Clock clock) {
    if (!plausible(at, clock.instant().plus(MAX_AHEAD))) {
      throw new InvalidInputException(field, field + " is not a plausible time (from 2000-01-01 to a day from now), was: "
          + at);
    }
    return at;
  }

  private static boolean plausible(Instant at, Instant latest) {
    return !at.isBefore(EARLIEST_PLAUSIBLE) && !at.isAfter(latest);
  }

  /**
   * The error for a field of the wrong type.
   *
   * @param path the field's path
   * @param expected what was expected, e.g. {@code "an object"}
   * @param actual what was there, or null
   * @return the exception to throw
   */
  public static InvalidInputException wrongType(String path, String expected, @Nullable JsonNode actual) {
    return new InvalidInputException(path, path + " must be " + expected + ", was: "
        + (actual == null ? "absent" : actual.isNull() ? "null" : actual.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
  }
}
