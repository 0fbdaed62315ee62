package io.github.omnictx.channels.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.Limits;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.internal.Checks;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Typed fields of Omni's own JSON formats (web chat, call centre, store/POS) on top of {@link
 * JsonBody}: ISO-8601 instants, exact decimals, identities. Every malformed value becomes an {@link
 * InvalidInputException} naming its path. Not API. Thread-safe (stateless).
 */
public final class JsonValues {
  private JsonValues() {}

  /**
   * An optional ISO-8601 instant with offset, e.g. {@code 2024-06-10T09:10:00+02:00} or {@code …Z}.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @return the instant, empty if absent
   * @throws InvalidInputException if present but not such an instant, or outside {@link
   *     Limits#EARLIEST} to {@link Limits#LATEST}
   */
  public static Optional<Instant> optInstant(JsonNode parent, String field, String path) {
    Optional<String> text = JsonBody.optText(parent, field, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(text.get().strip()).toInstant();
    } catch (DateTimeException e) {
      throw new InvalidInputException(path + "." + field, path + "." + field
          + " must be an ISO-8601 date-time with offset, was: " + quote(text.get()), e);
    }
    try {
      return Optional.of(Checks.micros(at, path + "." + field));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(path + "." + field, e.getMessage(), e);
    }
  }

  /**
   * A required ISO-8601 instant with offset.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @return the instant
   * @throws InvalidInputException if absent or malformed
   */
  public static Instant instant(JsonNode parent, String field, String path) {
    return optInstant(parent, field, path).orElseThrow(() ->
        JsonBody.wrongType(path + "." + field, "an ISO-8601 date-time", parent.get(field)));
  }

  /**
   * An optional exact decimal, given as a JSON number or a string ({@code "19.99"}); never a
   * binary floating point value on the way.
   *
   * @param parent the parent (read with {@link JsonBody#MAPPER}, which keeps decimals exact)
   * @param field the field
   * @param path the parent's path
   * @return the value, empty if absent or null
   * @throws InvalidInputException if present but not a decimal number, or beyond {@link
   *     Limits#MAX_DIGITS} (a huge exponent such as {@code "1e999999999"} is refused here, before
   *     anything expands it)
   */
  public static Optional<BigDecimal> optDecimal(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    BigDecimal d = null;
    try {
      if (n.isDouble() || n.isFloat()) {
        d = Double.isFinite(n.doubleValue()) ? BigDecimal.valueOf(n.doubleValue()) : null;
      } else if (n.isNumber()) {
        d = n.decimalValue();
      } else if (n.isTextual() && n.asText().strip().length() <= 80) {
        d = new BigDecimal(n.asText().strip());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    if (d == null) {
      throw JsonBody.wrongType(path + "." + field, "a decimal number", n);
    }
    String problem = Checks.decimalProblem(d);
    if (problem != null) {
      throw new InvalidInputException(path + "." + field, path + "." + field + " " + problem);
    }
    return Optional.of(d);
  }

  /**
   * A required exact decimal.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @return the value
   * @throws InvalidInputException if absent or not a decimal number
   */
  public static BigDecimal decimal(JsonNode parent, String field, String path) {
    return optDecimal(parent, field, path).orElseThrow(() ->
        JsonBody.wrongType(path + "." + field, "a decimal number", parent.get(field)));
  }

  /**
   * An optional identity field.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @param kind the identity kind the value is
   * @return the normalised identity, empty if absent
   * @throws InvalidInputException if present but not a valid value of that kind
   */
  public static Optional<Identity> optIdentity(JsonNode parent, String field, String path, IdentityKind kind) {
    return JsonBody.optText(parent, field, path).map(v -> {
      try {
        return Identity.of(kind, v);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(path + "." + field, path + "." + field + ": " + e.getMessage(), e);
      }
    });
  }

  /**
   * An optional phone number field people typed (at a till, into a form), international or
   * national in a default region: only numbers libphonenumber calls valid, see {@link
   * Identity#phone(String, String)}.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @param defaultRegion the ISO 3166 region national numbers are read in, or empty for E.164 only
   * @return the E.164 identity, empty if absent
   * @throws InvalidInputException if present but not a valid number (letters, an extension…)
   */
  public static Optional<Identity> optPhone(JsonNode parent, String field, String path, Optional<String> defaultRegion) {
    return optPhone(parent, field, path, defaultRegion, false);
  }

  /**
   * An optional phone number field another system vouches for: a telephone network connected it
   * (the caller of a call), or the retailer's own account data holds it (a signed-in web chat
   * visitor). Any possible number is taken ({@link Identity#phoneLenient(String, String)}), valid in
   * libphonenumber's metadata or not; letters and extensions are refused all the same.
   *
   * @param parent the parent
   * @param field the field
   * @param path the parent's path
   * @param defaultRegion the ISO 3166 region national numbers are read in, or empty for E.164 only
   * @return the E.164 identity, empty if absent
   * @throws InvalidInputException if present but not a possible number
   */
  public static Optional<Identity> optVouchedPhone(JsonNode parent, String field, String path,
      Optional<String> defaultRegion) {
    return optPhone(parent, field, path, defaultRegion, true);
  }

  private static Optional<Identity> optPhone(JsonNode parent, String field, String path, Optional<String> defaultRegion,
      boolean lenient) {
    return JsonBody.optText(parent, field, path).map(v -> {
      try {
        boolean national = defaultRegion.isPresent() && !v.strip().startsWith("+");
        if (lenient) {
          return national ? Identity.phoneLenient(v, defaultRegion.get()) : Identity.phoneLenient(v);
        }
        return national ? Identity.phone(v, defaultRegion.get()) : Identity.phone(v);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(path + "." + field, path + "." + field + ": " + e.getMessage(), e);
      }
    });
  }

  private static String quote(String s) {
    return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
  }
}
