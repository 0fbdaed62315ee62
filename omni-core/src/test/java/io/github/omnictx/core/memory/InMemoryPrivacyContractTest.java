package io.github.omnictx.core.memory;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.PrivacyContractTest;

/** The privacy contract on the in-memory store. */
class InMemoryPrivacyContractTest extends PrivacyContractTest {
  private static final InMemoryStore STORE = new InMemoryStore();

  @Override
  protected OmniStore store() {
    return STORE;
  }
}
