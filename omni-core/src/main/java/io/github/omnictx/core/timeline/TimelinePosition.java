package io.github.omnictx.core.timeline;

import io.github.omnictx.core.internal.Checks;
import java.time.Instant;

/**
 * A place in a timeline: the sort key of one touchpoint, {@code (occurredAt, id)}. Keyset pages
 * continue strictly after it.
 *
 * @param occurredAt the touchpoint's time
 * @param id the touchpoint's id, breaking ties
 */
public record TimelinePosition(Instant occurredAt, TouchpointId id) implements Comparable<TimelinePosition> {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is null
   */
  public TimelinePosition {
    occurredAt = Checks.micros(occurredAt, "occurredAt");
    Checks.notNull(id, "id");
  }

  /**
   * The position of a touchpoint.
   *
   * @param touchpoint the touchpoint
   * @return its position
   */
  public static TimelinePosition of(Touchpoint touchpoint) {
    return new TimelinePosition(touchpoint.occurredAt(), touchpoint.id());
  }

  @Override
  public int compareTo(TimelinePosition o) {
    int c = occurredAt.compareTo(o.occurredAt);
    return c != 0 ? c : id.compareTo(o.id);
  }
}
