package io.github.omnictx.core.memory;

import io.github.omnictx.core.spi.ConversationRulesContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** The conversation rules on the in-memory store. */
class InMemoryConversationRulesContractTest extends ConversationRulesContractTest {
  private static final InMemoryStore STORE = new InMemoryStore();

  @Override
  protected OmniStore store() {
    return STORE;
  }
}
