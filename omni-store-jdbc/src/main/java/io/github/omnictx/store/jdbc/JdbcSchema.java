package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Omni's tables, as versioned SQL scripts shipped in this jar (one set per dialect, under {@code
 * io/github/omnictx/store/jdbc/migration/<dialect>/}).
 *
 * <p>Either let {@link #migrate} apply the missing versions on start-up (it records them in
 * {@code <prefix>schema_history} and holds a database lock meanwhile, so nodes starting together
 * do not race), or {@link #export} the scripts, with the prefix filled in and Flyway-style file
 * names, for teams that run Flyway or Liquibase themselves. Thread-safe (stateless).
 */
public final class JdbcSchema {
  /** The prefix used when none is configured. */
  public static final String DEFAULT_PREFIX = "omni_";

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,19}");
  private static final List<String> SCRIPTS = List.of("V1__omni_schema.sql", "V2__merge_journal.sql", "V3__routing_and_handoffs.sql",
      "V4__webhook_tokens.sql", "V5__outbound.sql", "V6__privacy.sql", "V7__journeys.sql",
      "V8__poll_cursors.sql", "V9__first_bot_response.sql", "V10__conversation_merges.sql");

  private JdbcSchema() {}

  /**
   * One versioned script.
   *
   * @param version the version, from 1 up without gaps
   * @param description what it does, from the file name
   * @param fileName the Flyway-style file name, e.g. {@code V1__omni_schema.sql}
   * @param sql the script, prefix filled in; statements end with {@code ;} at the end of a line
   */
  public record Migration(int version, String description, String fileName, String sql) {
    /**
     * The script's statements, without comments.
     *
     * @return the statements, in order
     */
    public List<String> statements() {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : sql.split("\n")) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("--")) {
          continue;
        }
        current.append(line).append('\n');
        if (trimmed.endsWith(";")) {
          String s = current.toString().strip();
          out.add(s.substring(0, s.length() - 1));
          current.setLength(0);
        }
      }
      if (!current.toString().isBlank()) {
        out.add(current.toString().strip());
      }
      return out;
    }
  }

  /**
   * Validates a table prefix.
   *
   * @param prefix 1-20 characters of {@code a-z0-9_}, starting with a letter
   * @return the prefix
   * @throws IllegalArgumentException if it is malformed
   */
  public static String checkPrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "tablePrefix must be 1-20 characters of a-z0-9_ starting with a letter, was: " + prefix);
    }
    return prefix;
  }

  /**
   * The scripts for a dialect, with the prefix filled in.
   *
   * @param dialect the database
   * @param prefix the table prefix
   * @return every version, in order
   */
  public static List<Migration> export(JdbcDialect dialect, String prefix) {
    checkPrefix(prefix);
    List<Migration> out = new ArrayList<>();
    for (String file : SCRIPTS) {
      String path = "migration/" + dialect.resourceDirectory() + "/" + file;
      try (InputStream in = JdbcSchema.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("missing migration resource " + path);
        }
        String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${prefix}", prefix);
        int sep = file.indexOf("__");
        int version = Integer.parseInt(file.substring(1, sep));
        String description = file.substring(sep + 2, file.length() - 4).replace('_', ' ');
        out.add(new Migration(version, description, file, sql));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /**
   * Writes the scripts into a directory, e.g. {@code src/main/resources/db/migration} for Flyway.
   *
   * @param dialect the database
   * @param prefix the table prefix
   * @param directory the directory, created if missing
   * @return the files written
   * @throws UncheckedIOException if writing fails
   */
  public static List<Path> exportTo(JdbcDialect dialect, String prefix, Path directory) {
    List<Path> out = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (Migration m : export(dialect, prefix)) {
        out.add(Files.writeString(directory.resolve(m.fileName()), m.sql(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Applies the versions not yet recorded in {@code <prefix>schema_history}, each in order, under a
   * lock that other nodes running this at the same time wait for.
   *
   * @param dataSource the database
   * @param dialect the database's dialect
   * @param prefix the table prefix
   * <p>On PostgreSQL a version that fails leaves nothing behind. H2 and MariaDB keep the DDL
   * statements that ran before the failure; their scripts are written to be re-run, so calling this
   * again (after fixing the cause) completes the version.
   *
   * @return the versions applied now (empty when the schema was up to date)
   * @throws StoreException if the database refuses a script or the lock
   */
  public static List<Integer> migrate(DataSource dataSource, JdbcDialect dialect, String prefix) {
    checkPrefix(prefix);
    String history = prefix + "schema_history";
    String lockName = prefix + "schema_lock";
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(true);
      dialect.lockMigrations(lock, lockName);
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE IF NOT EXISTS " + history
              + " (version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)");
        }
        Set<Integer> applied = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM " + history)) {
          while (rs.next()) {
            applied.add(rs.getInt(1));
          }
        }
        List<Integer> done = new ArrayList<>();
        for (Migration m : export(dialect, prefix)) {
          if (applied.contains(m.version())) {
            continue;
          }
          // Only PostgreSQL runs a script's DDL in one transaction. H2 keeps DDL through a
          // rollback and MariaDB commits each DDL statement, so a script that fails part-way stays
          // half-applied there: their scripts are written to be re-run (IF NOT EXISTS throughout)
          // and complete on the next migrate. The lock, not the transaction, keeps other nodes out.
          c.setAutoCommit(false);
          try (Statement s = c.createStatement()) {
            for (String statement : m.statements()) {
              s.execute(statement);
            }
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + history + " (version, description, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
              ps.setInt(1, m.version());
              ps.setString(2, m.description());
              ps.executeUpdate();
            }
            c.commit();
          } catch (SQLException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
          done.add(m.version());
        }
        return done;
      } finally {
        dialect.unlockMigrations(lock, lockName);
      }
    } catch (SQLException e) {
      throw new StoreException("schema migration failed (prefix " + prefix + ", " + dialect + "): " + e.getMessage(), e);
    }
  }
}
