package io.github.omnictx.core;

import io.github.omnictx.core.internal.TimeOrderedIds;
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
   * The default generator: time-ordered UUIDv7 ids, monotonic within this generator even when the
   * clock stands still or steps back.
   *
   * @param clock the clock whose milliseconds lead the id
   * @return a thread-safe generator
   */
  static IdGenerator timeOrdered(Clock clock) {
    return new TimeOrderedIds(clock);
  }
}
