package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.PrivacyContractTest;

/** The privacy contract on PostgreSQL, on the store the storage contract runs on. */
class PostgresPrivacyContractTest extends PrivacyContractTest {
  @Override
  protected OmniStore store() {
    return PostgresStoreContractTest.STORE;
  }
}
