package io.github.omnictx.core.timeline;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What part of a customer's timeline to read: filters, order, page size and where to continue.
 * Immutable; build with {@link #forCustomer(CustomerId)}.
 *
 * <p>Time filters are half-open: {@code from} inclusive, {@code until} exclusive. Empty channel
 * or type sets mean "all".
 */
public final class TimelineQuery {
  /** The default page size. */
  public static final int DEFAULT_PAGE_SIZE = 50;
  /** The largest page size accepted. */
  public static final int MAX_PAGE_SIZE = 500;

  private final CustomerId customerId;
  private final TimelineOrder order;
  private final Set<ChannelId> channels;
  private final Set<TouchpointType> types;
  private final @Nullable ConversationId conversationId;
  private final @Nullable Instant from;
  private final @Nullable Instant until;
  private final int pageSize;
  private final @Nullable String after;

  private TimelineQuery(Builder b) {
    this.customerId = b.customerId;
    this.order = b.order;
    this.channels = Collections.unmodifiableSet(new LinkedHashSet<>(b.channels));
    this.types = Collections.unmodifiableSet(new LinkedHashSet<>(b.types));
    this.conversationId = b.conversationId;
    this.from = b.from;
    this.until = b.until;
    this.pageSize = b.pageSize;
    this.after = b.after;
  }

  /**
   * Starts a query for one customer's timeline (a merged customer's includes everyone merged into
   * it), newest first, {@value #DEFAULT_PAGE_SIZE} per page.
   *
   * @param customerId the customer
   * @return a builder
   * @throws IllegalArgumentException if the customer is null
   */
  public static Builder forCustomer(CustomerId customerId) {
    return new Builder(Checks.notNull(customerId, "customer"));
  }

  /**
   * A builder for the next page: the same query continuing after a cursor.
   *
   * @param cursor the {@link TimelinePage#nextCursor()} of the previous page
   * @return a builder
   */
  public Builder next(String cursor) {
    Builder b = toBuilder();
    b.after(cursor);
    return b;
  }

  /** @return a builder holding this query's values */
  public Builder toBuilder() {
    Builder b = new Builder(customerId);
    b.order = order;
    b.channels.addAll(channels);
    b.types.addAll(types);
    b.conversationId = conversationId;
    b.from = from;
    b.until = until;
    b.pageSize = pageSize;
    b.after = after;
    return b;
  }

  /** @return the customer */
  public CustomerId customerId() {
    return customerId;
  }

  /** @return the order */
  public TimelineOrder order() {
    return order;
  }

  /** @return the channels to include, empty for all */
  public Set<ChannelId> channels() {
    return channels;
  }

  /** @return the types to include, empty for all */
  public Set<TouchpointType> types() {
    return types;
  }

  /** @return the conversation to restrict to, if any */
  public Optional<ConversationId> conversationId() {
    return Optional.ofNullable(conversationId);
  }

  /** @return the inclusive lower time bound, if any */
  public Optional<Instant> from() {
    return Optional.ofNullable(from);
  }

  /** @return the exclusive upper time bound, if any */
  public Optional<Instant> until() {
    return Optional.ofNullable(until);
  }

  /** @return the most touchpoints one page holds */
  public int pageSize() {
    return pageSize;
  }

  /** @return the cursor to continue after, if any */
  public Optional<String> after() {
    return Optional.ofNullable(after);
  }

  /** Builds a {@link TimelineQuery}. Not thread-safe. */
  public static final class Builder {
    private final CustomerId customerId;
    private TimelineOrder order = TimelineOrder.NEWEST_FIRST;
    private final Set<ChannelId> channels = new LinkedHashSet<>();
    private final Set<TouchpointType> types = new LinkedHashSet<>();
    private @Nullable ConversationId conversationId;
    private @Nullable Instant from;
    private @Nullable Instant until;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private @Nullable String after;

    private Builder(CustomerId customerId) {
      this.customerId = customerId;
    }

    /** @return this builder, reading most recent first */
    public Builder newestFirst() {
      this.order = TimelineOrder.NEWEST_FIRST;
      return this;
    }

    /** @return this builder, reading oldest first */
    public Builder oldestFirst() {
      this.order = TimelineOrder.OLDEST_FIRST;
      return this;
    }

    /**
     * @param order the order
     * @return this builder
     */
    public Builder order(TimelineOrder order) {
      this.order = Checks.notNull(order, "order");
      return this;
    }

    /**
     * @param ids channels to include (adds to earlier calls)
     * @return this builder
     */
    public Builder channels(ChannelId... ids) {
      Arrays.stream(Checks.notNull(ids, "channels")).forEach(c -> channels.add(Checks.notNull(c, "channel")));
      return this;
    }

    /**
     * @param kinds types to include (adds to earlier calls)
     * @return this builder
     */
    public Builder types(TouchpointType... kinds) {
      Arrays.stream(Checks.notNull(kinds, "types")).forEach(t -> types.add(Checks.notNull(t, "type")));
      return this;
    }

    /**
     * @param id the conversation to restrict to
     * @return this builder
     */
    public Builder conversation(ConversationId id) {
      this.conversationId = Checks.notNull(id, "conversation");
      return this;
    }

    /**
     * @param at the inclusive lower time bound
     * @return this builder
     */
    public Builder from(Instant at) {
      this.from = Checks.micros(at, "from");
      return this;
    }

    /**
     * @param at the exclusive upper time bound
     * @return this builder
     */
    public Builder until(Instant at) {
      this.until = Checks.micros(at, "until");
      return this;
    }

    /**
     * @param size 1 to {@value TimelineQuery#MAX_PAGE_SIZE}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder pageSize(int size) {
      if (size < 1 || size > MAX_PAGE_SIZE) {
        throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE + ", was: " + size);
      }
      this.pageSize = size;
      return this;
    }

    /**
     * @param cursor a {@link TimelinePage#nextCursor()} to continue after
     * @return this builder
     */
    public Builder after(String cursor) {
      this.after = Checks.notBlank(cursor, "cursor");
      return this;
    }

    /**
     * @return the query
     * @throws IllegalArgumentException if {@code from} is not before {@code until}
     */
    public TimelineQuery build() {
      if (from != null && until != null && !from.isBefore(until)) {
        throw new IllegalArgumentException("from must be before until, was: " + from + " .. " + until);
      }
      return new TimelineQuery(this);
    }
  }
}
