package io.github.omnictx.core;

import io.github.omnictx.core.internal.Checks;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Generates the ids of every record Omni writes. Ids come from the library, never from database
 * sequences, so the schema runs unchanged on distributed engines.
 *
 * <p>The default is {@link #timeOrdered(Clock)}: UUIDv7 layout (48-bit Unix milliseconds, then
 * random bits), strictly increasing within one generator, so new rows land at the end of indexes.
 * Implementations must be thread-safe and must never return the same id twice.
 */
@FunctionalInterface
public interface IdGenerator {

  /**
   * Returns a new, unique id.
   *
   * @return the id
   */
  UUID next();

  /**
   * The default generator: time-ordered UUIDv7 ids (RFC 9562), monotonic within this generator even
   * when the clock stands still or steps back.
   *
   * <p>Layout: 48 bits of Unix milliseconds, version 7, 12 bits that count up within one
   * millisecond, variant, 62 random bits. When the clock stands still or goes back the previous
   * millisecond is reused and the counter advances, so ids from one generator always increase in
   * unsigned byte order.
   *
   * @param clock the clock whose milliseconds lead the id
   * @return a thread-safe generator
   * @throws IllegalArgumentException if the clock is null
   */
  static IdGenerator timeOrdered(Clock clock) {
    Checks.notNull(clock, "clock");
    return new IdGenerator() {
      private final SecureRandom random = new SecureRandom();
      private long lastMillis = -1;
      private int counter;

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

      @Override
      public String toString() {
        return "IdGenerator.timeOrdered(" + clock + ")";
      }
    };
  }
}
