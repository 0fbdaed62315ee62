package io.github.omnictx.core.conversation;

import io.github.omnictx.core.internal.Checks;
import java.time.Duration;

/**
 * Service-level targets for a conversation: how soon the business must first answer after it
 * opens, and how soon it must be resolved after it opens (or reopens).
 *
 * @param firstResponse the first-response target, positive
 * @param resolution the resolution target, positive
 */
public record SlaTarget(Duration firstResponse, Duration resolution) {

  /**
   * Validates the targets.
   *
   * @throws IllegalArgumentException if a target is null, zero or negative
   */
  public SlaTarget {
    positive(firstResponse, "firstResponse");
    positive(resolution, "resolution");
  }

  private static void positive(Duration d, String field) {
    Checks.notNull(d, field);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(field + " must be positive, was: " + d);
    }
  }
}
