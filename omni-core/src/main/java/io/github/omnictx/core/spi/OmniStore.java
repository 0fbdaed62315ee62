package io.github.omnictx.core.spi;

import io.github.omnictx.core.TenantId;

/**
 * Where Omni keeps its records: the one storage SPI, implemented by the in-memory store and the
 * JDBC store, and proven by the contract tests in omni-core's {@code tests} jar
 * ({@code StoreContractTest}).
 *
 * <p>Everything happens in a unit of work bound to one tenant: {@link #inTransaction} gives the
 * work repositories that can see and change only that tenant's records, and commits all of it or
 * none. Implementations must be thread-safe, and must make concurrent units of work behave as if
 * run one after the other for the records they touch (conflicts may surface as {@code
 * ConcurrentUpdateException}; the services retry those).
 */
public interface OmniStore {

  /**
   * Runs work in one unit of work for one tenant: all of its writes commit, or none do.
   *
   * @param <T> the result type
   * @param tenant the tenant the work is bound to
   * @param work the work
   * @return what the work returned
   * @throws io.github.omnictx.core.OmniException what the work threw, unchanged, after rollback
   * @throws io.github.omnictx.core.StoreException when the store failed, or the work threw a
   *     checked or non-Omni exception; after rollback
   */
  <T> T inTransaction(TenantId tenant, TransactionWork<T> work);

  /**
   * The store-level side of the transactional outbox: claims across tenants, for the dispatcher.
   *
   * @return the outbox claims of this store
   */
  OutboxClaims outbox();
}
