package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.InboundFactsContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** Message changes and consent signals on H2 (in memory), on the store the storage contract runs on. */
class H2InboundFactsContractTest extends InboundFactsContractTest {
  @Override
  protected OmniStore store() {
    return H2StoreContractTest.STORE;
  }
}
