package io.github.omnictx.core.memory;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.OutboundContractTest;

/** The outbound contract on the in-memory store. */
class InMemoryOutboundContractTest extends OutboundContractTest {
  private static final InMemoryStore STORE = new InMemoryStore();

  @Override
  protected OmniStore store() {
    return STORE;
  }
}
