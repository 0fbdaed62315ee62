package io.github.omnictx.core.spi;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.TimelineOrder;
import io.github.omnictx.core.timeline.TimelinePosition;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A timeline read as a store sees it: the touchpoints of a set of customers (a survivor and
 * everyone merged into it), filtered, ordered by {@code (occurredAt, id)} in the given direction,
 * strictly after a position, at most {@code limit} of them.
 *
 * @param customers the customers whose touchpoints to read, not empty
 * @param channels the channels to include, empty for all
 * @param types the types to include, empty for all
 * @param conversation the conversation to restrict to
 * @param from inclusive lower bound on {@code occurredAt}
 * @param until exclusive upper bound on {@code occurredAt}
 * @param order the direction
 * @param after continue strictly after this position (in the direction of reading)
 * @param limit the most touchpoints to return, at least 1
 */
public record TimelineSlice(
    Set<CustomerId> customers,
    Set<ChannelId> channels,
    Set<TouchpointType> types,
    Optional<ConversationId> conversation,
    Optional<Instant> from,
    Optional<Instant> until,
    TimelineOrder order,
    Optional<TimelinePosition> after,
    int limit) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null, customers is empty or limit below 1
   */
  public TimelineSlice {
    customers = Set.copyOf(Checks.notNull(customers, "customers"));
    if (customers.isEmpty()) {
      throw new IllegalArgumentException("customers must not be empty");
    }
    channels = Set.copyOf(Checks.notNull(channels, "channels"));
    types = Set.copyOf(Checks.notNull(types, "types"));
    Checks.notNull(conversation, "conversation");
    Checks.notNull(from, "from");
    Checks.notNull(until, "until");
    Checks.notNull(order, "order");
    Checks.notNull(after, "after");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was: " + limit);
    }
  }

  /**
   * Whether a touchpoint's position lies in this slice's reading direction past {@code after},
   * and within the time bounds. Stores can use it to filter in memory.
   *
   * @param position the position to test
   * @return whether it is readable in this slice (filters other than time not considered)
   */
  public boolean admits(TimelinePosition position) {
    if (from.isPresent() && position.occurredAt().isBefore(from.get())) {
      return false;
    }
    if (until.isPresent() && !position.occurredAt().isBefore(until.get())) {
      return false;
    }
    if (after.isEmpty()) {
      return true;
    }
    int c = position.compareTo(after.get());
    return order == TimelineOrder.NEWEST_FIRST ? c < 0 : c > 0;
  }
}
