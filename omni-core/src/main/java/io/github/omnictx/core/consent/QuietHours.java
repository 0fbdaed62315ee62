package io.github.omnictx.core.consent;

import io.github.omnictx.core.internal.Checks;
import java.time.LocalTime;

/**
 * A daily period, in the customer's time zone, in which they are not to be contacted. It may span
 * midnight ({@code 21:00-08:00}).
 *
 * @param start the first quiet minute
 * @param end the first minute after the quiet period
 */
public record QuietHours(LocalTime start, LocalTime end) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if either is null or they are equal
   */
  public QuietHours {
    Checks.notNull(start, "start");
    Checks.notNull(end, "end");
    if (start.equals(end)) {
      throw new IllegalArgumentException("quiet hours start and end must differ, were: " + start);
    }
  }

  /**
   * Whether a local time falls in the quiet period.
   *
   * @param time the customer's local time
   * @return {@code true} when the customer is not to be contacted
   */
  public boolean contains(LocalTime time) {
    if (start.isBefore(end)) {
      return !time.isBefore(start) && time.isBefore(end);
    }
    return !time.isBefore(start) || time.isBefore(end);
  }
}
