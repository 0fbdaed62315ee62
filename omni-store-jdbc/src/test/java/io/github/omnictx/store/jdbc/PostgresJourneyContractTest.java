package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.JourneyContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** The journey contract on PostgreSQL, on the store the storage contract runs on. */
class PostgresJourneyContractTest extends JourneyContractTest {
  @Override
  protected OmniStore store() {
    return PostgresStoreContractTest.STORE;
  }
}
