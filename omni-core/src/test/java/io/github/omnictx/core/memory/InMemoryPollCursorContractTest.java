package io.github.omnictx.core.memory;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.PollCursorContractTest;

/** Poll positions on the in-memory store. */
class InMemoryPollCursorContractTest extends PollCursorContractTest {
  private static final InMemoryStore STORE = new InMemoryStore();

  @Override
  protected OmniStore store() {
    return STORE;
  }
}
