package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.OutboxContractTest;

/** The outbox contract on MariaDB, on the store the storage contract runs on. */
@RequiresMariaDb
class MariaDbOutboxContractTest extends OutboxContractTest {
  @Override
  protected OmniStore store() {
    return MariaDbStoreContractTest.shared();
  }
}
