package io.github.omnictx.core.memory;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.OutboxContractTest;

/** The outbox contract on the in-memory store. */
class InMemoryOutboxContractTest extends OutboxContractTest {
  private static final InMemoryStore STORE = new InMemoryStore();

  @Override
  protected OmniStore store() {
    return STORE;
  }
}
