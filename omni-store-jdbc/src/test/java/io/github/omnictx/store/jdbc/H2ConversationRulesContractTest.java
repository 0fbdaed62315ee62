package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.ConversationRulesContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** The conversation rules on H2, on the store the storage contract runs on. */
class H2ConversationRulesContractTest extends ConversationRulesContractTest {
  @Override
  protected OmniStore store() {
    return H2StoreContractTest.STORE;
  }
}
