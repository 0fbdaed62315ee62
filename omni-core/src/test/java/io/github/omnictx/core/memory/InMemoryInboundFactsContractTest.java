package io.github.omnictx.core.memory;

import io.github.omnictx.core.spi.InboundFactsContractTest;
import io.github.omnictx.core.spi.OmniStore;

/** Message changes and consent signals on the in-memory store. */
class InMemoryInboundFactsContractTest extends InboundFactsContractTest {
  private static final InMemoryStore STORE = new InMemoryStore();

  @Override
  protected OmniStore store() {
    return STORE;
  }
}
