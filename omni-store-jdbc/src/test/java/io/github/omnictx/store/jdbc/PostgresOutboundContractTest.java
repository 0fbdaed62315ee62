package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.OutboundContractTest;

/** The outbound contract on PostgreSQL, on the store the storage contract runs on. */
class PostgresOutboundContractTest extends OutboundContractTest {
  @Override
  protected OmniStore store() {
    return PostgresStoreContractTest.STORE;
  }
}
