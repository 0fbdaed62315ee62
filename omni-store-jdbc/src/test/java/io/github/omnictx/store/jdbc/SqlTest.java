package io.github.omnictx.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statement helper on H2: parameters bound in order with the dialect's types, rows read back,
 * writes opened in a transaction and reads not, and driver errors mapped once with the operation's
 * description.
 */
class SqlTest {
  private Connection c;
  private final AtomicInteger begun = new AtomicInteger();
  private Sql db;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection(TestDatabases.h2Url("omni_sql_" + UUID.randomUUID()));
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE item (id UUID PRIMARY KEY, name VARCHAR(10) NOT NULL, n INT, at TIMESTAMP WITH TIME ZONE)");
    }
    db = new Sql(c, JdbcDialect.H2, () -> {
      begun.incrementAndGet();
      c.setAutoCommit(false);
    });
  }

  @AfterEach
  void close() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
    c.close();
  }

  private static final String INSERT = "INSERT INTO item (id, name, n, at) VALUES (?, ?, ?, ?)";

  @Test
  void bindsInOrderAndReadsRowsBack() {
    UUID a = new UUID(0, 1);
    Instant at = Instant.parse("2026-03-02T09:15:30.123456Z");
    assertThat(db.update("inserting", INSERT, p -> p.id(a).string("anna").integer(7).instant(at))).isEqualTo(1);

    Optional<String> row = db.first("reading", "SELECT name, n, at FROM item WHERE id = ?", p -> p.id(a),
        rs -> rs.getString(1) + "/" + rs.getInt(2) + "/" + JdbcDialect.H2.instant(rs, "at"));
    assertThat(row).contains("anna/7/" + at);
    assertThat(db.first("reading", "SELECT name FROM item WHERE id = ?", p -> p.id(new UUID(0, 2)),
        rs -> rs.getString(1))).isEmpty();
  }

  @Test
  void batchesRebindEveryRowFromTheFirstParameter() {
    int[] counts = db.batch("inserting", INSERT, List.of("a", "b", "c"),
        (p, name) -> p.id(UUID.nameUUIDFromBytes(name.getBytes())).string(name).integer(name.charAt(0)).instant(null),
        null);
    assertThat(counts).containsExactly(1, 1, 1);
    assertThat(db.list("listing", "SELECT name FROM item WHERE n >= ? ORDER BY name", p -> p.integer('b'),
        rs -> rs.getString(1))).containsExactly("b", "c");
  }

  @Test
  void writesOpenTheTransactionAndReadsDoNot() throws SQLException {
    db.list("listing", "SELECT name FROM item", p -> { }, rs -> rs.getString(1));
    assertThat(begun).hasValue(0);
    assertThat(c.getAutoCommit()).isTrue();

    db.update("inserting", INSERT, p -> p.id(new UUID(0, 1)).string("anna").integer(1).instant(null));
    assertThat(begun).hasValue(1);
    assertThat(c.getAutoCommit()).isFalse();
  }

  @Test
  void aDuplicateKeyBecomesTheCallersConflictMessage() {
    UUID a = new UUID(0, 1);
    db.update("inserting item", INSERT, p -> p.id(a).string("anna").integer(1).instant(null));

    assertThatThrownBy(() -> db.update("inserting item", INSERT, p -> p.id(a).string("ben").integer(2).instant(null),
        () -> "item " + a + " already exists"))
        .isExactlyInstanceOf(ConcurrentUpdateException.class).hasMessage("item " + a + " already exists");
    assertThatThrownBy(() -> db.update("inserting item", INSERT, p -> p.id(a).string("ben").integer(2).instant(null)))
        .isExactlyInstanceOf(ConcurrentUpdateException.class).hasMessageStartingWith("inserting item: another unit");
  }

  @Test
  void driverErrorsAreMappedWithTheOperation() {
    assertThatThrownBy(() -> db.update("inserting item", INSERT,
        p -> p.id(new UUID(0, 1)).string("far too long a name").integer(1).instant(null)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> db.list("listing things", "SELECT name FROM nowhere", p -> { }, rs -> rs.getString(1)))
        .isExactlyInstanceOf(StoreException.class).hasMessageStartingWith("listing things failed: ");
    assertThatThrownBy(() -> db.run("compound work", () -> {
      throw new SQLException("gone", "08006");
    })).isExactlyInstanceOf(StoreException.class).hasMessageStartingWith("compound work failed: the database connection was lost");
  }

  @Test
  void oneRowIsSentAsAPlainUpdateAndRowByRowCountsADuplicateAsZero() throws SQLException {
    c.setAutoCommit(false);
    UUID a = new UUID(0, 1);
    assertThat(db.execute(INSERT, List.of(a), (p, id) -> p.id(id).string("anna").integer(1).instant(null)))
        .containsExactly(1);

    int[] counts = db.executeEach(INSERT, List.of(new UUID(0, 2), a, new UUID(0, 3)),
        (p, id) -> p.id(id).string("x").integer(1).instant(null));
    assertThat(counts).containsExactly(1, 0, 1);
    assertThat(db.list("counting", "SELECT COUNT(*) FROM item", p -> { }, rs -> rs.getInt(1))).containsExactly(3);
    assertThat(begun).as("the raw level leaves the transaction to its caller").hasValue(0);
  }

  @Test
  void aLimitBelowOneIsRefusedByName() {
    assertThat(Sql.limit(1)).isEqualTo(1);
    assertThatThrownBy(() -> Sql.limit(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be >= 1, was: 0");
    assertThat(Sql.placeholders(3)).isEqualTo("?, ?, ?");
  }
}
