package io.github.omnictx.core.journey;

import io.github.omnictx.core.internal.Checks;
import java.time.Duration;

/**
 * Whether a trigger may start another run of a journey for a correlation key that already had one.
 * There is never more than one active run per (journey, correlation key); this decides about the
 * next one. Immutable.
 *
 * @param kind the rule
 * @param coolDown with {@link Kind#AFTER_COOL_DOWN}, how long after the previous run ended; zero otherwise
 */
public record Reentry(Kind kind, Duration coolDown) {
  /** The rules. */
  public enum Kind {
    /** One run per correlation key, ever. */
    NEVER,
    /** A new run once the previous one has ended. */
    AFTER_END,
    /** A new run once the previous one has ended and the cool-down has passed since. */
    AFTER_COOL_DOWN
  }

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a field is null, or the cool-down is not positive for
   *     {@link Kind#AFTER_COOL_DOWN} (or not zero for the others)
   */
  public Reentry {
    Checks.notNull(kind, "kind");
    Checks.notNull(coolDown, "coolDown");
    if (kind == Kind.AFTER_COOL_DOWN ? coolDown.isNegative() || coolDown.isZero() : !coolDown.isZero()) {
      throw new IllegalArgumentException("coolDown must be positive for AFTER_COOL_DOWN and zero otherwise, was: "
          + coolDown + " for " + kind);
    }
  }

  /** @return one run per correlation key, ever */
  public static Reentry never() {
    return new Reentry(Kind.NEVER, Duration.ZERO);
  }

  /** @return a new run once the previous one ended */
  public static Reentry afterEnd() {
    return new Reentry(Kind.AFTER_END, Duration.ZERO);
  }

  /**
   * @param coolDown how long after the previous run ended, positive
   * @return a new run once the previous one ended and the cool-down passed
   */
  public static Reentry afterCoolDown(Duration coolDown) {
    return new Reentry(Kind.AFTER_COOL_DOWN, coolDown);
  }
}
