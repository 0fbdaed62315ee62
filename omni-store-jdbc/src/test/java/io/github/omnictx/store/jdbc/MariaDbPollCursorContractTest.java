package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.PollCursorContractTest;

/** Poll positions on MariaDB, on the store the storage contract runs on. */
@RequiresMariaDb
class MariaDbPollCursorContractTest extends PollCursorContractTest {
  @Override
  protected OmniStore store() {
    return MariaDbStoreContractTest.shared();
  }
}
