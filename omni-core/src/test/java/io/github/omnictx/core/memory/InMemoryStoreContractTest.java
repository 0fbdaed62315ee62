package io.github.omnictx.core.memory;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.StoreContractTest;

/** The storage contract on the in-memory store. */
class InMemoryStoreContractTest extends StoreContractTest {
  private static final InMemoryStore STORE = new InMemoryStore();

  @Override
  protected OmniStore store() {
    return STORE;
  }
}
