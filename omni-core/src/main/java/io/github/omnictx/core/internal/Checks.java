package io.github.omnictx.core.internal;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.Limits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by the model types. Not API: may change without notice.
 *
 * <p>Value types throw {@link IllegalArgumentException} (plain Java idiom for a bad constructor
 * argument); services throw {@link InvalidInputException}. Both name the field and the value, except
 * where the value may be personal or unprintable: {@link #storable} names the character, not the
 * text. The bounds are {@link Limits}'.
 */
public final class Checks {
  private Checks() {}

  /**
   * Renders a rejected value for an error message: quoted, shortened, {@code null} spelled out.
   *
   * @param value the value, may be null
   * @return the rendered value
   */
  public static String quote(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    String s = value.toString();
    if (s.length() > 80) {
      s = s.substring(0, 77) + "...";
    }
    return "'" + s + "'";
  }

  /**
   * Rejects null with a message naming the field.
   *
   * @param <T> the value type
   * @param value the value
   * @param field the field name
   * @return the value
   * @throws IllegalArgumentException if the value is null
   */
  public static <T> T notNull(@Nullable T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }

  /**
   * Rejects null or blank text with a message naming the field.
   *
   * @param value the value
   * @param field the field name
   * @return the value
   * @throws IllegalArgumentException if the value is null or blank
   */
  public static String notBlank(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, was: " + quote(value));
    }
    return value;
  }

  /**
   * Rejects text longer than a limit.
   *
   * @param value the value
   * @param max the maximum length in chars
   * @param field the field name
   * @return the value
   * @throws IllegalArgumentException if the value is longer
   */
  public static String maxLength(String value, int max, String field) {
    if (value.length() > max) {
      throw new IllegalArgumentException(
          field + " must be at most " + max + " characters, was " + value.length() + ": " + quote(value));
    }
    return storable(value, field);
  }

  /**
   * Rejects text no store can hold as given: a NUL character (PostgreSQL refuses it) or an unpaired
   * UTF-16 surrogate (it has no UTF-8 form: drivers write {@code ?} instead, so two different values
   * would become one). The message names the character and its index, never the text, which may be
   * personal.
   *
   * @param value the text
   * @param field the field name
   * @return the value
   * @throws IllegalArgumentException if the text holds such a character
   */
  public static String storable(String value, String field) {
    int bad = unstorableIndex(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(field + " " + unstorableReason(value, bad));
    }
    return value;
  }

  /**
   * The index of the first character no store can hold (see {@link #storable}), or -1.
   *
   * @param value the text
   * @return the index, or -1 when every character can be stored
   */
  public static int unstorableIndex(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c == '\0') {
        return i;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Why the character at an index cannot be stored, as the end of a message after the field name.
   *
   * @param value the text
   * @param index an index from {@link #unstorableIndex}
   * @return e.g. {@code "must not contain an unpaired UTF-16 surrogate (U+D800 at index 1)"}
   */
  public static String unstorableReason(String value, int index) {
    char c = value.charAt(index);
    return c == '\0'
        ? "must not contain the NUL character (U+0000 at index " + index + ")"
        : "must not contain an unpaired UTF-16 surrogate (" + codePoint(c) + " at index " + index + ")";
  }

  /**
   * A code point as Unicode writes it.
   *
   * @param codePoint the code point
   * @return e.g. {@code "U+212A"}
   */
  public static String codePoint(int codePoint) {
    return String.format(java.util.Locale.ROOT, "U+%04X", codePoint);
  }

  /**
   * Truncates an instant to the microseconds every supported store keeps, so values round-trip, and
   * rejects one outside {@link Limits#EARLIEST} to {@link Limits#LATEST}, which not every store holds.
   *
   * @param instant the instant
   * @param field the field name
   * @return the instant at microsecond precision
   * @throws IllegalArgumentException if the instant is null or out of range
   */
  public static Instant micros(Instant instant, String field) {
    Instant at = notNull(instant, field);
    if (at.isBefore(Limits.EARLIEST) || at.isAfter(Limits.LATEST.plusNanos(999))) {
      throw new IllegalArgumentException(field + " must be between " + Limits.EARLIEST + " and " + Limits.LATEST
          + ", was: " + at);
    }
    return at.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Rejects a decimal beyond {@link Limits#MAX_DIGITS}: more significant digits, more digits before
   * the point, or more after it. Cheap whatever the exponent: it never expands the number.
   *
   * @param value the number
   * @param field the field name
   * @return the value
   * @throws IllegalArgumentException if the number is out of bounds
   */
  public static BigDecimal decimal(BigDecimal value, String field) {
    String problem = decimalProblem(value);
    if (problem != null) {
      throw new IllegalArgumentException(field + " " + problem);
    }
    return value;
  }

  /**
   * Why a decimal is beyond {@link Limits#MAX_DIGITS}, as the end of a message after the field
   * name, or null when it is within bounds.
   *
   * @param value the number
   * @return the reason, or null
   */
  public static @org.jspecify.annotations.Nullable String decimalProblem(BigDecimal value) {
    int max = Limits.MAX_DIGITS;
    long scale = value.scale();
    // Checked from the cheap parts first: a huge exponent is refused before anything is expanded.
    if (scale > max) {
      return "must have at most " + max + " digits after the decimal point, had " + scale;
    }
    if (value.signum() == 0) {
      return null;
    }
    if (scale < -max) {
      return "must have at most " + max + " digits before the decimal point, had over " + (-scale);
    }
    BigInteger unscaled = value.unscaledValue();
    if (unscaled.bitLength() > 8 * max) { // over 2 * max digits: beyond either bound, whatever the scale
      return "must have at most " + max + " significant digits";
    }
    int precision = value.precision();
    if (precision - scale > max) {
      return "must have at most " + max + " digits before the decimal point, had " + (precision - scale);
    }
    int significant = value.stripTrailingZeros().precision();
    if (significant > max) {
      return "must have at most " + max + " significant digits, had " + significant;
    }
    return null;
  }


  /**
   * Runs a value-type validation and rethrows its {@link IllegalArgumentException} as an {@link
   * InvalidInputException} for the service layer.
   *
   * @param <T> the result type
   * @param field the field being validated
   * @param supplier the validation
   * @return the validated value
   */
  public static <T> T input(String field, java.util.function.Supplier<T> supplier) {
    try {
      return supplier.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, Objects.requireNonNullElse(e.getMessage(), field + " is invalid"), e);
    }
  }

  /**
   * Throws an {@link InvalidInputException} when a required service argument is null.
   *
   * @param <T> the value type
   * @param value the argument
   * @param field the argument's name
   * @return the value
   */
  public static <T> T required(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, field + " is required");
    }
    return Objects.requireNonNull(value);
  }
}
