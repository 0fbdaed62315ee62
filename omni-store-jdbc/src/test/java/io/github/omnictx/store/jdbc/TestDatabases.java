package io.github.omnictx.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The databases the tests run on, each started or connected once per JVM: H2 in memory;
 * PostgreSQL at {@code OMNI_TEST_POSTGRES_URL} or else an embedded PostgreSQL (binaries from Maven
 * Central); MariaDB at {@code OMNI_TEST_MARIADB_URL}, or none.
 */
final class TestDatabases {
  static final String POSTGRES_ENV = "OMNI_TEST_POSTGRES_URL";
  static final String MARIADB_ENV = "OMNI_TEST_MARIADB_URL";

  private TestDatabases() {}

  static String h2Url(String name) {
    return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
  }

  /** @return the PostgreSQL JDBC URL, starting the embedded server on first use if needed */
  static synchronized String postgresUrl() {
    String env = System.getenv(POSTGRES_ENV);
    if (env != null && !env.isBlank()) {
      return env;
    }
    return EmbeddedHolder.URL;
  }

  static Optional<String> mariadbUrl() {
    String env = System.getenv(MARIADB_ENV);
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(env);
  }

  /** Started on first access, once per JVM; stopped when the JVM exits. */
  private static final class EmbeddedHolder {
    static final String URL;

    static {
      try {
        System.err.println("[omni-store-jdbc] " + POSTGRES_ENV + " is not set: starting an embedded PostgreSQL");
        // Logical decoding for the Debezium test; the server is ours alone, so it starts that way.
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical").start();
        URL = pg.getJdbcUrl("postgres", "postgres");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            pg.close();
          } catch (IOException ignored) {
            // the JVM is exiting
          }
        }));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
