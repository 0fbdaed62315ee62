package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.PollCursorContractTest;

/** Poll positions on PostgreSQL, on the store the storage contract runs on. */
class PostgresPollCursorContractTest extends PollCursorContractTest {
  @Override
  protected OmniStore store() {
    return PostgresStoreContractTest.STORE;
  }
}
