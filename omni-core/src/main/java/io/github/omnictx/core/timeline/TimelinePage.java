package io.github.omnictx.core.timeline;

import io.github.omnictx.core.internal.Checks;
import java.util.List;
import java.util.Optional;

/**
 * One page of a timeline, in the query's order.
 *
 * @param items the touchpoints, at most the page size
 * @param nextCursor an opaque cursor for the next page; empty on the last page
 */
public record TimelinePage(List<Touchpoint> items, Optional<String> nextCursor) {

  /**
   * Copies the items.
   *
   * @throws IllegalArgumentException if a field is null
   */
  public TimelinePage {
    items = List.copyOf(Checks.notNull(items, "items"));
    Checks.notNull(nextCursor, "nextCursor");
  }

  /** @return whether another page follows */
  public boolean hasMore() {
    return nextCursor.isPresent();
  }
}
