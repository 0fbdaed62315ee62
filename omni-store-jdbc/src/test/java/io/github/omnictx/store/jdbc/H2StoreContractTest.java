package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.StoreContractTest;
import org.h2.jdbcx.JdbcDataSource;

/** The storage contract on H2 (in memory). */
class H2StoreContractTest extends StoreContractTest {
  static final JdbcStore STORE;

  static {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(TestDatabases.h2Url("omni_contract"));
    STORE = JdbcStore.builder(ds).migrate(true).build();
  }

  @Override
  protected OmniStore store() {
    return STORE;
  }
}
