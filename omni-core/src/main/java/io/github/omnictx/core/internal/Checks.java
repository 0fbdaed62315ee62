package io.github.omnictx.core.internal;

import io.github.omnictx.core.InvalidInputException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Argument checks shared by the model types. Not API: may change without notice.
 *
 * <p>Value types throw {@link IllegalArgumentException} (plain Java idiom for a bad constructor
 * argument); services throw {@link InvalidInputException}. Both name the field and the value.
 */
public final class Checks {
  private Checks() {}

  /**
   * Renders a rejected value for an error message: quoted, shortened, {@code null} spelled out.
   *
   * @param value the value, may be null
   * @return the rendered value
   */
  public static String quote(Object value) {
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
  public static <T> T notNull(T value, String field) {
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
  public static String notBlank(String value, String field) {
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
    return value;
  }

  /**
   * Truncates an instant to the microseconds every supported store keeps, so values round-trip.
   *
   * @param instant the instant
   * @param field the field name, for the null check
   * @return the instant at microsecond precision
   */
  public static Instant micros(Instant instant, String field) {
    return notNull(instant, field).truncatedTo(ChronoUnit.MICROS);
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
      throw new InvalidInputException(field, e.getMessage(), e);
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
  public static <T> T required(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, field + " is required");
    }
    return Objects.requireNonNull(value);
  }
}
