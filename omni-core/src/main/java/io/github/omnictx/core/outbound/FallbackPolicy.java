package io.github.omnictx.core.outbound;

import io.github.omnictx.core.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * When an intent moves on to its next channel. A step always moves on when it fails for good (the
 * provider refused it permanently, retries ran out, the customer withdrew consent meanwhile) or when
 * its channel's service window turns out closed; with a timer it also moves on when the step was not
 * delivered (or not read) within a time. Every step shares the intent's dedup key and only one step
 * is in flight at a time: a step is taken only after the one before it ended.
 *
 * <p>Moving on after "not read within T" sends again to a customer whose device has the first
 * message; "not delivered within T" does not (unless the late receipt comes after T).
 *
 * @param maxSteps how many channels may be tried, 1 (no fallback) to {@value #MAX_STEPS}
 * @param unlessDeliveredWithin move on when the step is not delivered within this, if set
 * @param unlessReadWithin move on when the step is not read within this, if set
 */
public record FallbackPolicy(int maxSteps, Optional<Duration> unlessDeliveredWithin, Optional<Duration> unlessReadWithin) {
  /** The most steps a plan has. */
  public static final int MAX_STEPS = 10;

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if maxSteps is out of range, a duration is not positive or
   *     over 30 days, or both timers are set
   */
  public FallbackPolicy {
    if (maxSteps < 1 || maxSteps > MAX_STEPS) {
      throw new IllegalArgumentException("maxSteps must be between 1 and " + MAX_STEPS + ", was: " + maxSteps);
    }
    Checks.notNull(unlessDeliveredWithin, "unlessDeliveredWithin");
    Checks.notNull(unlessReadWithin, "unlessReadWithin");
    unlessDeliveredWithin.ifPresent(d -> checkTimer(d, "unlessDeliveredWithin"));
    unlessReadWithin.ifPresent(d -> checkTimer(d, "unlessReadWithin"));
    if (unlessDeliveredWithin.isPresent() && unlessReadWithin.isPresent()) {
      throw new IllegalArgumentException("set unlessDeliveredWithin or unlessReadWithin, not both");
    }
  }

  private static void checkTimer(Duration d, String field) {
    if (d.isZero() || d.isNegative() || d.compareTo(Duration.ofDays(30)) > 0) {
      throw new IllegalArgumentException(field + " must be positive and at most 30 days, was: " + d);
    }
  }

  /** @return one channel only: nothing is tried after the first step */
  public static FallbackPolicy none() {
    return new FallbackPolicy(1, Optional.empty(), Optional.empty());
  }

  /** @return the default: the next channel on a permanent failure or a closed window, up to every eligible channel */
  public static FallbackPolicy nextChannel() {
    return new FallbackPolicy(MAX_STEPS, Optional.empty(), Optional.empty());
  }

  /**
   * @param within how long a step has to be delivered
   * @return the next channel also when a step is not delivered within the time
   */
  public static FallbackPolicy nextChannelUnlessDeliveredWithin(Duration within) {
    return new FallbackPolicy(MAX_STEPS, Optional.of(Checks.notNull(within, "within")), Optional.empty());
  }

  /**
   * @param within how long a step has to be read
   * @return the next channel also when a step is not read within the time
   */
  public static FallbackPolicy nextChannelUnlessReadWithin(Duration within) {
    return new FallbackPolicy(MAX_STEPS, Optional.empty(), Optional.of(Checks.notNull(within, "within")));
  }

  /**
   * @param steps how many channels may be tried
   * @return this policy with another step limit
   */
  public FallbackPolicy withMaxSteps(int steps) {
    return new FallbackPolicy(steps, unlessDeliveredWithin, unlessReadWithin);
  }

  /** @return the timer after a step is sent, if any */
  public Optional<Duration> timer() {
    return unlessDeliveredWithin.or(() -> unlessReadWithin);
  }
}
