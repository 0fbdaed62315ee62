package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.JourneyContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** The journey contract on MariaDB, on the store the storage contract runs on. */
@RequiresMariaDb
class MariaDbJourneyContractTest extends JourneyContractTest {
  @Override
  protected OmniStore store() {
    return MariaDbStoreContractTest.shared();
  }
}
