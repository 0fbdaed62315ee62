package io.github.omnictx.core.memory;

import io.github.omnictx.core.OmniException;
import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.OutboxClaims;
import io.github.omnictx.core.spi.TransactionWork;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage SPI in memory: for tests, demos and single-process tools. Passes the same contract
 * tests as the JDBC store.
 *
 * <p>Thread-safe. Each tenant has one lock; a unit of work holds it from start to end, so units of
 * work on one tenant run one at a time (serializable) and tenants never wait for each other. A
 * failing unit of work is undone from an undo log before the lock is released: nothing is ever
 * half-written. Units of work do not nest: starting one for a tenant inside another for the same
 * tenant on the same thread is an {@link IllegalStateException}. Nothing survives the process.
 *
 * <p>The outbox is shared by every tenant behind a lock of its own; a unit of work's new rows join
 * it when the unit commits. Outbox leases are measured by the store's lease clock, the stand-in for
 * a database's own clock.
 */
public final class InMemoryStore implements OmniStore {
  private final Map<TenantId, TenantData> tenants = new ConcurrentHashMap<>();
  private final InMemoryOutbox outbox;

  /** Creates an empty store whose outbox leases run on the system clock. */
  public InMemoryStore() {
    this(Clock.systemUTC());
  }

  /**
   * Creates an empty store.
   *
   * @param leaseClock the clock outbox leases are stamped and checked by (a database's clock, for
   *     a store in memory)
   * @throws IllegalArgumentException if the clock is null
   */
  public InMemoryStore(Clock leaseClock) {
    this.outbox = new InMemoryOutbox(Checks.notNull(leaseClock, "leaseClock"));
  }

  @Override
  public OutboxClaims outbox() {
    return outbox;
  }

  @Override
  public <T> T inTransaction(TenantId tenant, TransactionWork<T> work) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(work, "work");
    TenantData data = tenants.computeIfAbsent(tenant, t -> new TenantData());
    if (data.lock.isHeldByCurrentThread()) {
      // A nested unit of work would commit on its own and survive the outer one's rollback.
      throw new IllegalStateException("a unit of work for tenant " + tenant + " is already running on this thread;"
          + " do the work in that unit of work instead of starting another");
    }
    data.lock.lock();
    InMemoryTransaction tx = new InMemoryTransaction(tenant, data, outbox);
    try {
      T result = work.execute(tx);
      tx.commit();
      return result;
    } catch (OmniException e) {
      tx.rollback();
      throw e;
    } catch (Exception e) {
      tx.rollback();
      throw new StoreException("unit of work failed for tenant " + tenant + ": " + e, e);
    } catch (Error e) {
      tx.rollback();
      throw e;
    } finally {
      data.lock.unlock();
    }
  }
}
