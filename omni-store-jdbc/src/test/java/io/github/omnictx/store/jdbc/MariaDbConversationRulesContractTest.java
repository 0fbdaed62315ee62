package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.ConversationRulesContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** The conversation rules on MariaDB, on the store the storage contract runs on. */
@RequiresMariaDb
class MariaDbConversationRulesContractTest extends ConversationRulesContractTest {
  @Override
  protected OmniStore store() {
    return MariaDbStoreContractTest.shared();
  }
}
