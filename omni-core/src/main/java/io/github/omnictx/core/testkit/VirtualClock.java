package io.github.omnictx.core.testkit;

import io.github.omnictx.core.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when told to, in UTC. Thread-safe. */
public final class VirtualClock extends Clock {
  private volatile Instant now;

  /**
   * @param start the time it shows first
   * @throws IllegalArgumentException if start is null
   */
  public VirtualClock(Instant start) {
    this.now = Checks.notNull(start, "start");
  }

  /**
   * @param step how far to move forward, not negative
   * @return the new time
   * @throws IllegalArgumentException if the step is negative
   */
  public synchronized Instant advance(Duration step) {
    if (Checks.notNull(step, "step").isNegative()) {
      throw new IllegalArgumentException("step must not be negative, was: " + step);
    }
    now = now.plus(step);
    return now;
  }

  /**
   * @param at the new time; a virtual clock may be set back (to replay a late event, say)
   */
  public void set(Instant at) {
    now = Checks.notNull(at, "at");
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
