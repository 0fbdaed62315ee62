package io.github.omnictx.core;

import io.github.omnictx.core.internal.Checks;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often Omni runs a unit of work that lost a race before it reports the loss. Set on {@code
 * Omni.builder().retryPolicy(...)}; every service write that re-reads what it decides on uses it.
 *
 * <p>A lost race is a {@link ConcurrentUpdateException} from the store: another unit of work
 * changed a row this one read (a version moved on, a unique key was taken first). The work is
 * rolled back and run again from the start, so it reads the winner's state and decides again; its
 * events are published once, after the attempt that committed. When every attempt lost, the last
 * {@link ConcurrentUpdateException} reaches the caller and nothing was changed. A conflict that
 * is the answer is never retried: a handoff another agent accepted ({@code
 * HandoffConflictException}), or a version the caller supplied that is no longer current.
 *
 * <p>The default, {@link #defaults()}, allows 10 attempts with no pause between them: the races
 * Omni retries are short row conflicts whose winner has committed by the time the loser runs
 * again. Under heavy contention on a few rows, {@link Builder#backoff(Duration, Duration)} adds a
 * short jittered pause between attempts. Immutable and thread-safe.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();

  /** Pauses between attempts. The default sleeps the calling thread; tests can record instead. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Pauses for a while.
     *
     * @param duration how long, never negative
     * @throws InterruptedException if the thread was interrupted; the retry stops and the last
     *     conflict is thrown with the thread's interrupt flag set again
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.sleeper = b.sleeper;
  }

  /**
   * The default policy: 10 attempts, no pause between them.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a builder with the {@link #defaults() default} settings.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return how many times a unit of work runs at most, the first run included (1 means never again) */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** @return the pause after the first lost attempt before jitter, zero for none */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** @return the longest pause between two attempts before jitter */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** @return what pauses between attempts */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * The pause before the next attempt after {@code failedAttempts} lost ones: the initial backoff
   * doubled per further lost attempt, at most the maximum, then jittered to a random value between
   * half of it and all of it (so racing callers spread out instead of colliding again). Zero when
   * the policy has no backoff.
   *
   * @param failedAttempts how many attempts lost so far, at least 1
   * @return the pause, zero or positive
   * @throws IllegalArgumentException if {@code failedAttempts} is below 1
   */
  public Duration backoffAfter(int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts must be at least 1, was: " + failedAttempts);
    }
    if (initialBackoff.isZero()) {
      return Duration.ZERO;
    }
    long max = maxBackoff.toNanos();
    long base = initialBackoff.toNanos();
    for (int i = 1; i < failedAttempts && base < max; i++) {
      base = base > max / 2 ? max : base * 2;
    }
    base = Math.min(base, max);
    long half = base / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(base - half + 1));
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
        + maxBackoff + "]";
  }

  /** Builds a {@link RetryPolicy}. Not thread-safe. */
  public static final class Builder {
    /** The longest pause a policy may ask for between two attempts. */
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private int maxAttempts = 10;
    private Duration initialBackoff = Duration.ZERO;
    private Duration maxBackoff = Duration.ZERO;
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

    private Builder() {}

    /**
     * @param attempts how many times a unit of work runs at most, the first run included, 1-100;
     *     defaults to 10
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be between 1 and 100, was: " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Pauses between attempts: {@code initial} after the first lost one, doubling up to {@code
     * max}, each jittered (see {@link RetryPolicy#backoffAfter(int)}). Defaults to no pause.
     *
     * @param initial the first pause, zero (no pause at all) up to 10 seconds
     * @param max the longest pause, at least {@code initial}, at most 10 seconds
     * @return this builder
     * @throws IllegalArgumentException if a duration is null, negative, over 10 seconds, or
     *     {@code max} is below {@code initial}
     */
    public Builder backoff(Duration initial, Duration max) {
      Checks.notNull(initial, "initial");
      Checks.notNull(max, "max");
      if (initial.isNegative() || initial.compareTo(LONGEST_PAUSE) > 0) {
        throw new IllegalArgumentException("initial backoff must be between 0 and 10 s, was: " + initial);
      }
      if (max.compareTo(initial) < 0 || max.compareTo(LONGEST_PAUSE) > 0) {
        throw new IllegalArgumentException("max backoff must be between the initial backoff (" + initial
            + ") and 10 s, was: " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * @param sleeper what pauses between attempts; defaults to sleeping the calling thread
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.notNull(sleeper, "sleeper");
      return this;
    }

    /** @return the policy */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
