package io.github.omnictx.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand. Thread-safe. */
public final class MutableClock extends Clock {
  private volatile Instant now;

  /**
   * @param start the initial time
   */
  public MutableClock(Instant start) {
    this.now = start;
  }

  /** @return a clock at 2026-03-02T09:00:00Z */
  public static MutableClock atMondayMorning() {
    return new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  }

  /**
   * @param step how far to move
   * @return the new time
   */
  public synchronized Instant advance(Duration step) {
    now = now.plus(step);
    return now;
  }

  /**
   * @param at the new time
   */
  public void set(Instant at) {
    now = at;
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
