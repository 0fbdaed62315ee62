package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.OutboxContractTest;

/** The outbox contract on PostgreSQL, on the store the storage contract runs on. */
class PostgresOutboxContractTest extends OutboxContractTest {
  @Override
  protected OmniStore store() {
    return PostgresStoreContractTest.STORE;
  }
}
