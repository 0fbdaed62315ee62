package io.github.omnictx.core.spi;

import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * The outbox's size, as {@link OutboxClaims#stats} counts it.
 *
 * @param due rows with {@code dueAt <= now}, leased ones included
 * @param scheduled rows due later
 * @param oldestDue the earliest {@code dueAt} among the due rows, if any
 */
public record OutboxStats(long due, long scheduled, Optional<Instant> oldestDue) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a count is negative or a field null
   */
  public OutboxStats {
    if (due < 0 || scheduled < 0) {
      throw new IllegalArgumentException("counts must be >= 0, were: " + due + ", " + scheduled);
    }
    Checks.notNull(oldestDue, "oldestDue");
  }
}
