package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.InboundFactsContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** Message changes and consent signals on MariaDB, on the store the storage contract runs on. */
@RequiresMariaDb
class MariaDbInboundFactsContractTest extends InboundFactsContractTest {
  @Override
  protected OmniStore store() {
    return MariaDbStoreContractTest.shared();
  }
}
