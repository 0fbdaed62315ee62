package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.StoreContractTest;

/** The storage contract on PostgreSQL: the server at OMNI_TEST_POSTGRES_URL, or an embedded one. */
class PostgresStoreContractTest extends StoreContractTest {
  static final JdbcStore STORE = JdbcStore.builder(new TinyPool(TestDatabases.postgresUrl()))
      .tablePrefix("omni_contract_").migrate(true).build();

  @Override
  protected OmniStore store() {
    return STORE;
  }
}
