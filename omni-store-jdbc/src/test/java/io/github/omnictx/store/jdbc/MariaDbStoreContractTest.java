package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.StoreContractTest;

/** The storage contract on MariaDB at OMNI_TEST_MARIADB_URL; skipped, visibly, without it. */
@RequiresMariaDb
class MariaDbStoreContractTest extends StoreContractTest {
  private static JdbcStore store;

  static synchronized JdbcStore shared() {
    if (store == null) {
      store = JdbcStore.builder(new TinyPool(TestDatabases.mariadbUrl().orElseThrow()))
          .tablePrefix("omni_contract_").migrate(true).build();
    }
    return store;
  }

  @Override
  protected OmniStore store() {
    return shared();
  }
}
