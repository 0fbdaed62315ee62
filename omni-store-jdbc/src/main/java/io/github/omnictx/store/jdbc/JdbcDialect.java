package io.github.omnictx.store.jdbc;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The SQL differences between the supported databases, kept in one place: column types for ids,
 * times and JSON, how an append skips a row whose provider id is already stored, how keyset
 * predicates are written, and the lock that serialises schema migrations across nodes.
 *
 * <p>Everything else the store sends is plain SQL that all three accept. Thread-safe (stateless).
 */
public enum JdbcDialect {
  /**
   * PostgreSQL 12+ (and the PostgreSQL-compatible engines that accept its SQL): native {@code uuid},
   * {@code timestamptz}, {@code jsonb}; appends use {@code ON CONFLICT DO NOTHING}; migrations take
   * an advisory lock.
   */
  POSTGRESQL("postgresql") {
    @Override
    String jsonParameter() {
      return "CAST(? AS jsonb)";
    }

    @Override
    String appendSuffix(String prefix) {
      return " ON CONFLICT (tenant, channel, external_id) DO NOTHING";
    }

    @Override
    boolean statementErrorAbortsTransaction() {
      return true;
    }

    @Override
    String keysetAfter(boolean newestFirst) {
      return newestFirst ? "(occurred_at, id) < (?, ?)" : "(occurred_at, id) > (?, ?)";
    }

    @Override
    int keysetParameters() {
      return 2;
    }

    @Override
    String leaseUntil() {
      return "CURRENT_TIMESTAMP + CAST(? AS bigint) * INTERVAL '1 millisecond'";
    }

    @Override
    boolean skipsLockedRows(int major, int minor) {
      return true;
    }

    @Override
    void lockMigrations(Connection c, String name) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
        ps.setLong(1, name.hashCode() * 31L + 0x4f6d6e69L);
        ps.executeQuery().close();
      }
    }

    @Override
    void unlockMigrations(Connection c, String name) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, name.hashCode() * 31L + 0x4f6d6e69L);
        ps.executeQuery().close();
      }
    }
  },

  /** H2 2.x, the embedded default: native {@code UUID}, {@code TIMESTAMP WITH TIME ZONE}, {@code JSON}. */
  H2("h2") {
    @Override
    String jsonParameter() {
      return "? FORMAT JSON";
    }

    @Override
    String leaseUntil() {
      return "DATEADD(MILLISECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP)";
    }

    @Override
    void lockMigrations(Connection c, String name) throws SQLException {
      // H2 has no advisory locks: hold a row lock in a table of its own, on this separate
      // connection, until the migration (whose DDL commits on its own connection) is done.
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCK_TIMEOUT 120000");
        s.execute("CREATE TABLE IF NOT EXISTS " + name + " (id INT PRIMARY KEY)");
        s.execute("MERGE INTO " + name + " KEY (id) VALUES (1)");
      }
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT id FROM " + name + " WHERE id = 1 FOR UPDATE").close();
      }
    }

    @Override
    void unlockMigrations(Connection c, String name) throws SQLException {
      c.commit();
      c.setAutoCommit(true);
    }
  },

  /**
   * MariaDB 10.5+ (not MySQL: the scripts use MariaDB-only syntax such as {@code
   * utf8mb4_nopad_bin} and {@code ADD COLUMN IF NOT EXISTS}): ids as {@code BINARY(16)} so they
   * sort as unsigned bytes, {@code DATETIME(6)} in UTC, JSON text with a validity check; migrations take a
   * named lock ({@code GET_LOCK}).
   */
  MARIADB("mariadb") {
    @Override
    void setId(PreparedStatement ps, int index, @Nullable UUID id) throws SQLException {
      if (id == null) {
        ps.setNull(index, Types.BINARY);
        return;
      }
      ps.setBytes(index, ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
          .putLong(id.getLeastSignificantBits()).array());
    }

    @Override
    @Nullable UUID id(ResultSet rs, String column) throws SQLException {
      byte[] b = rs.getBytes(column);
      if (b == null) {
        return null;
      }
      ByteBuffer buf = ByteBuffer.wrap(b);
      return new UUID(buf.getLong(), buf.getLong());
    }

    @Override
    void setInstant(PreparedStatement ps, int index, @Nullable Instant at) throws SQLException {
      if (at == null) {
        ps.setNull(index, Types.TIMESTAMP);
      } else {
        ps.setObject(index, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
      }
    }

    @Override
    @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
      LocalDateTime t = rs.getObject(column, LocalDateTime.class);
      return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    @Override
    void lockMigrations(Connection c, String name) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 120)")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next() || rs.getInt(1) != 1) {
            throw new SQLException("could not take the migration lock " + name + " within 120 s");
          }
        }
      }
    }

    @Override
    void unlockMigrations(Connection c, String name) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
        ps.setString(1, name);
        ps.executeQuery().close();
      }
    }

    @Override
    boolean forcesReadCommitted() {
      return true;
    }

    @Override
    String databaseNow() {
      return "UTC_TIMESTAMP(6)";
    }

    @Override
    String leaseUntil() {
      return "TIMESTAMPADD(MICROSECOND, ? * 1000, UTC_TIMESTAMP(6))";
    }

    @Override
    boolean skipsLockedRows(int major, int minor) {
      return major > 10 || (major == 10 && minor >= 6);
    }
  };

  private final String resourceDirectory;

  JdbcDialect(String resourceDirectory) {
    this.resourceDirectory = resourceDirectory;
  }

  /**
   * Recognises the database behind a connection from its product name.
   *
   * @param connection an open connection
   * @return the dialect
   * @throws SQLException if the metadata cannot be read
   * @throws IllegalArgumentException if the database is not one Omni supports
   */
  public static JdbcDialect detect(Connection connection) throws SQLException {
    DatabaseMetaData md = connection.getMetaData();
    String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    if (product.contains("h2")) {
      return H2;
    }
    if (product.contains("mariadb") || product.contains("mysql")) {
      return MARIADB;
    }
    throw new IllegalArgumentException("database must be PostgreSQL, H2 or MariaDB, was: " + md.getDatabaseProductName());
  }

  /** @return the folder under {@code io/github/omnictx/store/jdbc/migration/} holding this dialect's scripts */
  String resourceDirectory() {
    return resourceDirectory;
  }

  void setId(PreparedStatement ps, int index, @Nullable UUID id) throws SQLException {
    if (id == null) {
      ps.setNull(index, Types.OTHER);
    } else {
      ps.setObject(index, id);
    }
  }

  @Nullable UUID id(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  void setInstant(PreparedStatement ps, int index, @Nullable Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }
  }

  @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** The id in a {@code NOT NULL} column: a null there is a broken row, refused as such. */
  final UUID requiredId(ResultSet rs, String column) throws SQLException {
    UUID id = id(rs, column);
    if (id == null) {
      throw new SQLException("column " + column + " is null in a row of Omni's schema", "22004");
    }
    return id;
  }

  /** The time in a {@code NOT NULL} column: a null there is a broken row, refused as such. */
  final Instant requiredInstant(ResultSet rs, String column) throws SQLException {
    Instant at = instant(rs, column);
    if (at == null) {
      throw new SQLException("column " + column + " is null in a row of Omni's schema", "22004");
    }
    return at;
  }

  /** @return the placeholder for a JSON text parameter going into a JSON column */
  String jsonParameter() {
    return "?";
  }

  /**
   * What follows the touchpoint {@code INSERT} so that a row whose (tenant, channel, external id)
   * is stored already is skipped instead of failing; empty where the store handles the unique
   * violation itself.
   */
  String appendSuffix(String prefix) {
    return "";
  }

  /**
   * Whether a failed statement aborts the whole transaction (PostgreSQL), so that the store may not
   * catch a unique violation and carry on.
   */
  boolean statementErrorAbortsTransaction() {
    return false;
  }

  /** The keyset predicate "strictly after (occurredAt, id)" in the reading direction. */
  String keysetAfter(boolean newestFirst) {
    String cmp = newestFirst ? "<" : ">";
    return "(occurred_at " + cmp + " ? OR (occurred_at = ? AND id " + cmp + " ?))";
  }

  /** @return how many parameters {@link #keysetAfter} takes: (time, id) or (time, time, id) */
  int keysetParameters() {
    return 3;
  }

  /**
   * Whether the store switches a connection to READ COMMITTED for its transactions (MariaDB, which
   * defaults to REPEATABLE READ). PostgreSQL and H2 default to READ COMMITTED and are not checked:
   * PostgreSQL's driver asks the server each time, a round trip per unit of work.
   */
  boolean forcesReadCommitted() {
    return false;
  }

  /**
   * The database's own current time, in the type of the outbox's lease column: outbox leases are
   * stamped and compared by it, never by a node's clock.
   *
   * @return an SQL expression
   */
  String databaseNow() {
    return "CURRENT_TIMESTAMP";
  }

  /** @return an SQL expression for the database's time plus a parameter of milliseconds */
  abstract String leaseUntil();

  /**
   * Whether outbox claims can skip rows another claim holds locked ({@code FOR UPDATE SKIP
   * LOCKED}): PostgreSQL, and MariaDB from 10.6. H2 2.x accepts the syntax but applies {@code
   * LIMIT} before skipping, so a second claimer would get nothing; there, and on MariaDB 10.5, a
   * claim is a conditional {@code UPDATE} per candidate row instead (the row lock decides, and the
   * loser's update matches no row).
   *
   * @param major the server's major version
   * @param minor the server's minor version
   * @return whether to claim with SKIP LOCKED
   */
  boolean skipsLockedRows(int major, int minor) {
    return false;
  }

  /**
   * Takes the lock that serialises migrations across nodes, on a connection used for nothing else.
   *
   * @param c the lock connection, autocommit on
   * @param name the lock name (derived from the table prefix)
   */
  abstract void lockMigrations(Connection c, String name) throws SQLException;

  /** Releases what {@link #lockMigrations} took. */
  abstract void unlockMigrations(Connection c, String name) throws SQLException;
}
