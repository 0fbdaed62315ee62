package io.github.omnictx.core.spi;

/**
 * Work done inside one unit of work of an {@link OmniStore}. It runs on the calling thread and
 * may be run again when the service retries a lost race, so it must not have effects outside the
 * store.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface TransactionWork<T> {

  /**
   * Does the work. Any exception rolls the whole unit back.
   *
   * @param tx the transaction's repositories, bound to one tenant
   * @return the result
   * @throws Exception anything: {@code OmniException}s pass through unchanged, others are wrapped
   *     in a {@code StoreException}
   */
  T execute(StoreTransaction tx) throws Exception;
}
