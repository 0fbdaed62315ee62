package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.PollCursorContractTest;

/** Poll positions on H2 (in memory), on the store the storage contract runs on. */
class H2PollCursorContractTest extends PollCursorContractTest {
  @Override
  protected OmniStore store() {
    return H2StoreContractTest.STORE;
  }
}
