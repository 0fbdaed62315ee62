package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.PrivacyContractTest;

/** The privacy contract on H2 (in memory), on the store the storage contract runs on. */
class H2PrivacyContractTest extends PrivacyContractTest {
  @Override
  protected OmniStore store() {
    return H2StoreContractTest.STORE;
  }
}
