package io.github.omnictx.core.internal;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.StoreTransaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every service of one tenant shares: the store, clock, id generator, channel registry and
 * event bus, and the unit-of-work helper that publishes events after commit. Not API.
 */
public final class TenantContext {

  /**
   * Work inside a unit of work that may raise events.
   *
   * @param <T> the result
   */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * @param tx the transaction
     * @param events add events here; they are published after commit
     * @return the result
     * @throws Exception to roll back
     */
    T run(StoreTransaction tx, List<OmniEvent> events) throws Exception;
  }

  private final TenantId tenant;
  private final OmniStore store;
  private final Clock clock;
  private final io.github.omnictx.core.IdGenerator ids;
  private final Map<ChannelId, Channel> channels;
  private final EventBus events;

  /**
   * Creates the context.
   *
   * @param tenant the tenant
   * @param store the store
   * @param clock the clock
   * @param ids the id generator
   * @param channels the registered channels
   * @param events the event bus
   */
  public TenantContext(TenantId tenant, OmniStore store, Clock clock, io.github.omnictx.core.IdGenerator ids,
      Map<ChannelId, Channel> channels, EventBus events) {
    this.tenant = tenant;
    this.store = store;
    this.clock = clock;
    this.ids = ids;
    this.channels = Map.copyOf(channels);
    this.events = events;
  }

  /** @return the tenant */
  public TenantId tenant() {
    return tenant;
  }

  /** @return the store */
  public OmniStore store() {
    return store;
  }

  /** @return the clock */
  public Clock clock() {
    return clock;
  }

  /** @return now by the clock, at microsecond precision */
  public Instant now() {
    return Checks.micros(clock.instant(), "now");
  }

  /** @return the id generator */
  public io.github.omnictx.core.IdGenerator ids() {
    return ids;
  }

  /** @return the event bus */
  public EventBus events() {
    return events;
  }

  /** @return every registered channel by id */
  public Map<ChannelId, Channel> channels() {
    return channels;
  }

  /**
   * Looks up a registered channel.
   *
   * @param id the channel id
   * @return the channel
   * @throws InvalidInputException if it is not registered
   */
  public Channel channel(ChannelId id) {
    Checks.required(id, "channel");
    Channel c = channels.get(id);
    if (c == null) {
      throw new InvalidInputException("channel", "channel is not registered, was: " + Checks.quote(id.value())
          + " (register it with Omni.builder().channel(...))");
    }
    return c;
  }

  /**
   * Runs work in one unit of work and publishes its events after commit.
   *
   * @param <T> the result type
   * @param work the work
   * @return its result
   */
  public <T> T write(Work<T> work) {
    List<OmniEvent> pending = new ArrayList<>();
    T result = store.inTransaction(tenant, tx -> {
      pending.clear();
      return work.run(tx, pending);
    });
    events.publish(pending);
    return result;
  }

  /**
   * Runs read-only work in one unit of work.
   *
   * @param <T> the result type
   * @param work the work
   * @return its result
   */
  public <T> T read(io.github.omnictx.core.spi.TransactionWork<T> work) {
    return store.inTransaction(tenant, work);
  }

  /**
   * Follows merge redirects to the live customer.
   *
   * @param tx the transaction
   * @param id a customer id, live or merged
   * @return the live customer it stands for now
   * @throws NotFoundException if the customer does not exist
   */
  public static Customer live(StoreTransaction tx, CustomerId id) {
    Customer c = tx.customers().find(id).orElseThrow(() -> new NotFoundException("customer", id.toString()));
    int hops = 0;
    while (c.mergedInto().isPresent()) {
      CustomerId next = c.mergedInto().get();
      c = tx.customers().find(next).orElseThrow(() -> new NotFoundException("customer", next.toString()));
      if (++hops > 1000) {
        throw new IllegalStateException("merge redirects of customer " + id + " form a cycle");
      }
    }
    return c;
  }

  /**
   * The ids a live customer's history is kept under: itself and everyone merged into it,
   * transitively.
   *
   * @param tx the transaction
   * @param survivor the live customer
   * @return the group, the survivor first
   */
  public static Set<CustomerId> group(StoreTransaction tx, CustomerId survivor) {
    Set<CustomerId> out = new LinkedHashSet<>();
    List<CustomerId> todo = new ArrayList<>(List.of(survivor));
    while (!todo.isEmpty()) {
      CustomerId next = todo.remove(todo.size() - 1);
      if (out.add(next)) {
        todo.addAll(tx.customers().findMergedInto(next));
      }
    }
    return out;
  }
}
