package io.github.omnictx.core.memory;

import io.github.omnictx.core.spi.JourneyContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** The journey contract on the in-memory store. */
class InMemoryJourneyContractTest extends JourneyContractTest {
  private static final InMemoryStore STORE = new InMemoryStore();

  @Override
  protected OmniStore store() {
    return STORE;
  }
}
