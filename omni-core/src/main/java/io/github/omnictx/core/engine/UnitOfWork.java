package io.github.omnictx.core.engine;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.IdGenerator;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.RetryPolicy;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.handoff.HandoffConflictException;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TransactionWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The units of work of one tenant, and what every service of the tenant shares: the store, clock,
 * id generator, channel registry and event bus. It owns the one loop that runs a unit of work
 * again after it lost a race, under the configured {@link RetryPolicy}. Not API: may change in any
 * release. Thread-safe.
 */
public final class UnitOfWork {
  /** The most due records one scheduler call processes. */
  public static final int DUE_BATCH = 500;
  private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);

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
  private final IdGenerator ids;
  private final Map<ChannelId, Channel> channels;
  private final EventBus events;
  private final RetryPolicy retry;
  private volatile BeforeCommit beforeCommit = (tx, events) -> {};

  /**
   * What runs at the end of every write unit of work, after its work and before the commit, over
   * the events it raised (journeys react to the touchpoints recorded there). Events it adds are
   * published with the others.
   */
  @FunctionalInterface
  public interface BeforeCommit {
    /**
     * @param tx the transaction
     * @param events the events raised so far; may be appended to
     * @throws Exception to roll back
     */
    void run(StoreTransaction tx, List<OmniEvent> events) throws Exception;
  }

  /**
   * Creates the units of work of one tenant.
   *
   * @param tenant the tenant
   * @param store the store
   * @param clock the clock
   * @param ids the id generator
   * @param channels the registered channels
   * @param events the event bus
   * @param retry how often a unit of work that lost a race runs again
   */
  public UnitOfWork(TenantId tenant, OmniStore store, Clock clock, IdGenerator ids, Map<ChannelId, Channel> channels,
      EventBus events, RetryPolicy retry) {
    this.tenant = tenant;
    this.store = store;
    this.clock = clock;
    this.ids = ids;
    this.channels = Map.copyOf(channels);
    this.events = events;
    this.retry = retry;
  }

  /**
   * Sets what runs before every write commits; set once, while the tenant view is built.
   *
   * @param hook the hook
   */
  public void beforeCommit(BeforeCommit hook) {
    this.beforeCommit = Checks.notNull(hook, "hook");
  }

  /** @return the tenant */
  public TenantId tenant() {
    return tenant;
  }

  /** @return now by the clock, at microsecond precision */
  public Instant now() {
    return Checks.micros(clock.instant(), "now");
  }

  /** @return the id generator */
  public IdGenerator ids() {
    return ids;
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
   * Runs work in one unit of work and publishes its events after commit; when it loses a race
   * ({@link ConcurrentUpdateException}) it is rolled back and run again from the start, as the
   * retry policy allows. Use it for work that re-reads everything it decides on. A {@link
   * HandoffConflictException} is the answer, not a race, and is never retried.
   *
   * @param <T> the result type
   * @param work the work
   * @return its result
   * @throws ConcurrentUpdateException if every attempt the policy allows lost a race (the last
   *     one's); nothing was changed
   */
  public <T> T write(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(work);
      } catch (HandoffConflictException answer) {
        throw answer;
      } catch (ConcurrentUpdateException lost) {
        if (attempt >= retry.maxAttempts() || !pause(attempt, lost)) {
          throw lost;
        }
      }
    }
  }

  /** Pauses before the next attempt; false when interrupted (the flag is set again). */
  private boolean pause(int failedAttempts, ConcurrentUpdateException lost) {
    Duration d = retry.backoffAfter(failedAttempts);
    if (d.isZero()) {
      return true;
    }
    try {
      retry.sleeper().sleep(d);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lost.addSuppressed(e);
      return false;
    }
  }

  /**
   * Runs work in one unit of work, once, and publishes its events after commit. For writes whose
   * conflict is the answer: an insert under an id or identity someone holds, a version the caller
   * supplied.
   *
   * @param <T> the result type
   * @param work the work
   * @return its result
   */
  public <T> T writeOnce(Work<T> work) {
    List<OmniEvent> pending = new ArrayList<>();
    BeforeCommit hook = beforeCommit;
    T result = store.inTransaction(tenant, tx -> {
      pending.clear();
      T r = work.run(tx, pending);
      hook.run(tx, pending);
      return r;
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
  public <T> T read(TransactionWork<T> work) {
    return store.inTransaction(tenant, work);
  }

  /**
   * Runs a scheduler job's work for each due record in a unit of work of its own ({@link #write},
   * so re-run when it loses a race), so that one conflict or one record that cannot be processed
   * neither rolls back nor blocks the others: a record whose work still fails is logged and
   * skipped (the next run tries it again). Only when every record failed is the first failure
   * thrown, so that an outage of the store reaches the scheduler.
   *
   * @param <I> the record id type
   * @param <T> the result type
   * @param due the due records' ids, in processing order
   * @param what what the work does, for the log
   * @param work the work for one record: its result, or empty when the record is no longer due
   * @return the results, in processing order
   */
  public <I, T> List<T> eachDue(List<I> due, String what, Function<I, Work<Optional<T>>> work) {
    List<T> out = new ArrayList<>();
    RuntimeException first = null;
    int failed = 0;
    for (I id : due) {
      try {
        write(work.apply(id)).ifPresent(out::add);
      } catch (RuntimeException e) {
        LOG.warn("could not {} {} for tenant {}; skipped until the next run", what, id, tenant, e);
        failed++;
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null && failed == due.size()) {
      throw first;
    }
    return out;
  }
}
