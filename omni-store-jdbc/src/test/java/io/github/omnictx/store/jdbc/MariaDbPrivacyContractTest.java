package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.PrivacyContractTest;

/** The privacy contract on MariaDB, on the store the storage contract runs on. */
@RequiresMariaDb
class MariaDbPrivacyContractTest extends PrivacyContractTest {
  @Override
  protected OmniStore store() {
    return MariaDbStoreContractTest.shared();
  }
}
