package io.github.omnictx.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The databases the tests run on, each started or connected once per JVM: H2 in memory;
 * PostgreSQL at {@code OMNI_TEST_POSTGRES_URL}, else the server on the default local port
 * (database {@code test}, user {@code postgres}), else an embedded PostgreSQL (binaries from Maven
 * Central); MariaDB at {@code OMNI_TEST_MARIADB_URL}, else the server on the default local port
 * (database {@code test}, user {@code root}), else none (its tests are skipped, saying why).
 */
final class TestDatabases {
  static final String POSTGRES_ENV = "OMNI_TEST_POSTGRES_URL";
  static final String MARIADB_ENV = "OMNI_TEST_MARIADB_URL";
  /** Where a developer's own PostgreSQL answers without any configuration. */
  static final String LOCAL_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=2";
  /** Where a developer's own MariaDB answers without any configuration. */
  static final String LOCAL_MARIADB = "jdbc:mariadb://127.0.0.1:3306/test?user=root&connectTimeout=2000";

  private TestDatabases() {}

  static String h2Url(String name) {
    return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
  }

  /**
   * The URL to test on: the environment variable when set, else the local default when a server
   * answers there, else none.
   *
   * @param env the variable's value, null when unset
   * @param localDefault the default local URL
   * @param answers whether a server answers at a URL
   * @return the URL, or empty to fall back
   */
  static Optional<String> choose(String env, String localDefault, Predicate<String> answers) {
    if (env != null && !env.isBlank()) {
      return Optional.of(env);
    }
    return answers.test(localDefault) ? Optional.of(localDefault) : Optional.empty();
  }

  /**
   * Whether a database answers at a URL: one connection that opens and is valid within a couple
   * of seconds. Nothing listening, a missing database or refused credentials all answer no.
   *
   * @param url the JDBC URL
   * @return whether it answers
   */
  static boolean answers(String url) {
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(url)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** @return the PostgreSQL JDBC URL, starting the embedded server on first use if needed */
  static synchronized String postgresUrl() {
    return Chosen.POSTGRES.orElseGet(() -> EmbeddedHolder.URL);
  }

  static Optional<String> mariadbUrl() {
    return Chosen.MARIADB;
  }

  /** Chosen once per JVM, saying which server the tests use when none was configured. */
  private static final class Chosen {
    static final Optional<String> POSTGRES = say("PostgreSQL", POSTGRES_ENV, LOCAL_POSTGRES,
        choose(System.getenv(POSTGRES_ENV), LOCAL_POSTGRES, TestDatabases::answers));
    static final Optional<String> MARIADB = say("MariaDB", MARIADB_ENV, LOCAL_MARIADB,
        choose(System.getenv(MARIADB_ENV), LOCAL_MARIADB, TestDatabases::answers));

    private static Optional<String> say(String what, String env, String local, Optional<String> chosen) {
      Function<String, String> bare = u -> u.replaceAll("[?&]connectTimeout=\\d+", "");
      if (chosen.isPresent() && chosen.get().equals(local) && (System.getenv(env) == null || System.getenv(env).isBlank())) {
        System.err.println("[omni-store-jdbc] " + env + " is not set: " + what + " tests use the local server at "
            + bare.apply(local));
      }
      return chosen;
    }
  }

  /** Started on first access, once per JVM; stopped when the JVM exits. */
  private static final class EmbeddedHolder {
    static final String URL;

    static {
      try {
        System.err.println("[omni-store-jdbc] " + POSTGRES_ENV + " is not set and no PostgreSQL answers at "
            + LOCAL_POSTGRES.replaceAll("[?&]connectTimeout=\\d+", "") + ": starting an embedded PostgreSQL");
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
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
