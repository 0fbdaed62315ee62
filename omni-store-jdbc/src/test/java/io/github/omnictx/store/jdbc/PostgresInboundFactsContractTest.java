package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.InboundFactsContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** Message changes and consent signals on PostgreSQL, on the store the storage contract runs on. */
class PostgresInboundFactsContractTest extends InboundFactsContractTest {
  @Override
  protected OmniStore store() {
    return PostgresStoreContractTest.STORE;
  }
}
