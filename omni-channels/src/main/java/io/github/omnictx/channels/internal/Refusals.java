package io.github.omnictx.channels.internal;

import java.time.Duration;

/**
 * Words for refusal reasons a caller reads: a refused webhook says why in its response body, so a
 * developer can act on it ("timestamp outside the replay window of 5 minutes"). Not API.
 * Thread-safe (stateless).
 */
public final class Refusals {
  private Refusals() {}

  /**
   * A duration as people say it: {@code 5 minutes}, {@code 1 hour}, {@code 90 seconds}.
   *
   * @param d the duration, not negative
   * @return the words
   */
  public static String duration(Duration d) {
    long s = d.toSeconds();
    if (s != 0 && s % 3600 == 0) {
      return plural(s / 3600, "hour");
    }
    if (s != 0 && s % 60 == 0) {
      return plural(s / 60, "minute");
    }
    return plural(s, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
