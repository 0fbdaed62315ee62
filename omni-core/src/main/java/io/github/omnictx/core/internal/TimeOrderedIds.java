package io.github.omnictx.core.internal;

import io.github.omnictx.core.IdGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds, version 7, 12 bits that count up within one
 * millisecond, variant, 62 random bits. When the clock stands still or goes back the previous
 * millisecond is reused and the counter advances, so ids from one generator always increase in
 * unsigned byte order. Not API.
 */
public final class TimeOrderedIds implements IdGenerator {
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private long lastMillis = -1;
  private int counter;

  /**
   * Creates a generator.
   *
   * @param clock the time source
   */
  public TimeOrderedIds(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
  }

  @Override
  public synchronized UUID next() {
    long now = clock.millis();
    if (now > lastMillis) {
      lastMillis = now;
      counter = random.nextInt(1 << 11); // leave headroom for increments in this millisecond
    } else {
      counter++;
      if (counter > 0xFFF) {
        lastMillis++;
        counter = 0;
      }
    }
    long msb = (lastMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | counter;
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
