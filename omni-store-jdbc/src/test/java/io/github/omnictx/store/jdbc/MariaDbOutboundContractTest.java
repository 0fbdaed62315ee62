package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.OutboundContractTest;

/** The outbound contract on MariaDB, on the store the storage contract runs on. */
@RequiresMariaDb
class MariaDbOutboundContractTest extends OutboundContractTest {
  @Override
  protected OmniStore store() {
    return MariaDbStoreContractTest.shared();
  }
}
