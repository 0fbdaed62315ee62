package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.ConversationRulesContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** The conversation rules on Postgres, on the store the storage contract runs on. */
class PostgresConversationRulesContractTest extends ConversationRulesContractTest {
  @Override
  protected OmniStore store() {
    return PostgresStoreContractTest.STORE;
  }
}
