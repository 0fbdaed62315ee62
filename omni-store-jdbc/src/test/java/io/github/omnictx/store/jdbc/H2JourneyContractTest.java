package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.JourneyContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** The journey contract on H2 (in memory), on the store the storage contract runs on. */
class H2JourneyContractTest extends JourneyContractTest {
  @Override
  protected OmniStore store() {
    return H2StoreContractTest.STORE;
  }
}
