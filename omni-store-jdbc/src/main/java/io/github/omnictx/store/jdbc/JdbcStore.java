package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.OmniException;
import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.OutboxClaims;
import io.github.omnictx.core.spi.TransactionWork;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The storage SPI on JDBC: Omni's customers, identities, touchpoints and conversations in the
 * application's own PostgreSQL, H2 or MariaDB database.
 *
 * <pre>{@code
 * OmniStore store = JdbcStore.builder(dataSource).migrate(true).build();
 * Omni omni = Omni.builder().store(store).build();
 * }</pre>
 *
 * <p>The application provides the {@link DataSource} (its own pool). Each unit of work uses one
 * connection, which must be in autocommit (a connection already in the caller's transaction is
 * refused, not joined): reads run as they come, and the first write opens a transaction that commits
 * when the work returns and rolls back on any exception.
 *
 * <p>The store is written for READ COMMITTED. On MariaDB (default REPEATABLE READ) a unit of work
 * that writes switches its connection to READ COMMITTED and back; configure the pool at READ
 * COMMITTED (e.g. HikariCP {@code transactionIsolation=TRANSACTION_READ_COMMITTED}, or the server's
 * {@code transaction_isolation}) to save those round trips. PostgreSQL and H2 are used at the
 * connection's level as it comes, READ COMMITTED by default; do not configure a weaker one (a
 * stricter one is untested; it would report more conflicts as {@link
 * io.github.omnictx.core.ConcurrentUpdateException}). Conflicts are decided by the
 * database, never by a read before the write: a unique key on (tenant, channel, external id) makes
 * appends idempotent, a unique key on (tenant, kind, value) keeps an identity with one customer,
 * version columns make customer and conversation updates compare-and-set. Ids come from the
 * library, never from sequences.
 *
 * <p>Driver errors become Omni exceptions: a lost key race or stale version {@link
 * io.github.omnictx.core.ConcurrentUpdateException}; a value the schema cannot hold (too long, not
 * JSON, a reference to another tenant's record) {@link io.github.omnictx.core.InvalidInputException};
 * anything else, such as a lost connection, {@link StoreException}. After any of them nothing of the
 * unit of work is written. Their messages and causes never repeat a driver's message, which quotes
 * row values (e-mail addresses, message text): they name the operation, SQLState, vendor code and
 * the store's column or constraint; the causes are the driver's exceptions with the message
 * withheld.
 *
 * <p>MariaDB's driver logs every error the server answers at WARN under {@code
 * org.mariadb.jdbc.message.server.ErrorPacket}, including the {@code Duplicate entry '…'} of a key
 * race the store resolves (two first messages of one new sender at once; a redelivered batch) and
 * the value it quotes. Set that logger to ERROR (or OFF) in the application's logging configuration;
 * the store reports what matters through its exceptions.
 *
 * <p>What the inbound path costs on PostgreSQL, per message through the webhook pipeline (pinned
 * by a test that counts statements through the {@code DataSource}); the commit comes once per
 * delivery, however many messages it carries:
 *
 * <ul>
 *   <li>a known sender joining their open conversation: <b>3</b> (the sender with their customer
 *       and its conversations, in one statement; the conversation; the touchpoint);
 *   <li>a new sender: <b>6</b> (the sender, unknown; the customer; its identities; the
 *       conversation; the touchpoint; the agents routing could give it to, listed once per delivery);
 *   <li>a known sender with an identity not seen before, linked: <b>7</b> (4 more: the customer's
 *       identities, the new one still free, the customer, the new identity);
 *   <li>a message whose identities are held by two customers, merged: <b>17</b> (both customers
 *       rewritten with their identities, the merge journal's two rows, who is merged into the
 *       survivor now, the two open conversations folded into one — both rewritten, the group and
 *       its conversations read — then as for a known sender).
 * </ul>
 *
 * A known sender opening a new conversation adds the claim on the customer row (2) and routing (1
 * or more with agents). No statement looks for an earlier delivery first: the unique key on the
 * provider id answers that when the touchpoint is appended, and a redelivery is rolled back and
 * answered as a duplicate without a commit.
 *
 * <p>Thread-safe: one instance serves the whole application.
 */
public final class JdbcStore implements OmniStore {
  private final DataSource dataSource;
  private final JdbcDialect dialect;
  private final String prefix;
  private final int batchSize;
  final SqlText sql;
  private final Map<String, Integer> columnSizes;
  private final JdbcOutboxClaims outbox;

  private JdbcStore(Builder b, JdbcDialect dialect) {
    this.dataSource = b.dataSource;
    this.dialect = dialect;
    this.prefix = b.prefix;
    this.batchSize = b.batchSize;
    this.sql = new SqlText(dialect, prefix);
    this.columnSizes = readColumnSizes();
    this.outbox = new JdbcOutboxClaims(dataSource, dialect, prefix, skipsLockedRows());
  }

  /**
   * The outbox claims of this store: across tenants, each claim in a short transaction of its own,
   * with {@code FOR UPDATE SKIP LOCKED} on PostgreSQL and MariaDB 10.6+, and a conditional update
   * per row on H2 (see {@link JdbcDialect}).
   *
   * @return the claims
   */
  @Override
  public OutboxClaims outbox() {
    return outbox;
  }

  /** Whether this database can skip rows other claims hold locked; asks the server's version once. */
  private boolean skipsLockedRows() {
    try (Connection c = dataSource.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      return dialect.skipsLockedRows(md.getDatabaseMajorVersion(), md.getDatabaseMinorVersion());
    } catch (SQLException e) {
      throw new StoreException("could not read the database version: " + e.getMessage(), e);
    }
  }

  /**
   * Starts a builder.
   *
   * @param dataSource the application's data source (its pool)
   * @return a builder
   */
  public static Builder builder(DataSource dataSource) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource must not be null");
    }
    return new Builder(dataSource);
  }

  /** @return the database dialect in use */
  public JdbcDialect dialect() {
    return dialect;
  }

  /** @return the table prefix */
  public String tablePrefix() {
    return prefix;
  }

  /** @return how many rows one JDBC batch carries at most */
  public int batchSize() {
    return batchSize;
  }

  int maxLength(String tableAndColumn) {
    return columnSizes.getOrDefault(tableAndColumn, Integer.MAX_VALUE);
  }

  /**
   * Refuses a value longer than its column, by name, before any statement is sent.
   *
   * @param column the table and column ("touchpoints.external_id")
   * @param value the value, or {@code null} for none
   * @throws InvalidInputException if the value is longer than the column allows
   */
  void checkLength(String column, @Nullable String value) {
    if (value != null && value.length() > maxLength(column)) {
      String field = column.substring(column.indexOf('.') + 1);
      throw new InvalidInputException(field, column + " must be at most " + maxLength(column)
          + " characters, was " + value.length());
    }
  }

  @Override
  public <T> T inTransaction(TenantId tenant, TransactionWork<T> work) {
    if (tenant == null || work == null) {
      throw new IllegalArgumentException("tenant and work must not be null");
    }
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw new StoreException("could not get a database connection for tenant " + tenant + ": " + e.getMessage(), e);
    }
    JdbcTransaction tx = new JdbcTransaction(this, dialect, c, tenant);
    try {
      tx.start();
      T result = work.execute(tx);
      tx.commit();
      return result;
    } catch (OmniException e) {
      tx.rollbackQuietly(e);
      throw e;
    } catch (SQLException e) {
      tx.rollbackQuietly(e);
      throw SqlErrors.map(e, "unit of work for tenant " + tenant);
    } catch (Exception e) {
      tx.rollbackQuietly(e);
      throw new StoreException("unit of work failed for tenant " + tenant + ": " + e, e);
    } catch (Error e) {
      tx.rollbackQuietly(e);
      throw e;
    } finally {
      tx.close();
    }
  }

  /** Reads the declared widths of the text columns, so too-long values are refused by name. */
  private Map<String, Integer> readColumnSizes() {
    Map<String, Integer> out = new HashMap<>();
    try (Connection c = dataSource.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      for (String table : List.of("customers", "identities", "touchpoints", "conversations", "merges",
          "outbound_decisions", "outbox", "journey_runs")) {
        String name = prefix + table;
        int found = 0;
        for (String candidate : List.of(name, name.toUpperCase(Locale.ROOT))) {
          try (ResultSet rs = md.getColumns(c.getCatalog(), null, candidate, null)) {
            while (rs.next()) {
              found++;
              int type = rs.getInt("DATA_TYPE");
              if (type == Types.VARCHAR || type == Types.CHAR || type == Types.NVARCHAR) {
                int size = rs.getInt("COLUMN_SIZE");
                if (size > 0 && size < 100_000) {
                  out.put(table + "." + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), size);
                }
              }
            }
          }
          if (found > 0) {
            break;
          }
        }
        if (found == 0) {
          throw new StoreException("table " + name + " does not exist: create the schema with JdbcSchema.migrate(...) "
              + "or JdbcStore.builder(...).migrate(true), or apply JdbcSchema.export(...) with your migration tool");
        }
      }
    } catch (SQLException e) {
      throw new StoreException("could not read the schema (prefix " + prefix + "): " + e.getMessage(), e);
    }
    return Map.copyOf(out);
  }

  /** Builds a {@link JdbcStore}. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private @org.jspecify.annotations.Nullable JdbcDialect dialect;
    private String prefix = JdbcSchema.DEFAULT_PREFIX;
    private boolean migrate;
    private int batchSize = 500;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * @param dialect the database's dialect; detected from the connection when not set
     * @return this builder
     */
    public Builder dialect(JdbcDialect dialect) {
      if (dialect == null) {
        throw new IllegalArgumentException("dialect must not be null");
      }
      this.dialect = dialect;
      return this;
    }

    /**
     * @param prefix the table prefix, 1-20 characters of {@code a-z0-9_} starting with a letter;
     *     default {@code omni_}
     * @return this builder
     */
    public Builder tablePrefix(String prefix) {
      this.prefix = JdbcSchema.checkPrefix(prefix);
      return this;
    }

    /**
     * @param migrate whether {@link #build()} applies missing schema versions ({@link
     *     JdbcSchema#migrate}); default {@code false}, for teams that migrate with their own tool
     * @return this builder
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * @param batchSize the most rows per JDBC batch in bulk appends, 1 to 10000; default 500
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("batchSize must be between 1 and 10000, was: " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Detects the dialect if needed, migrates if asked, and checks that the tables exist.
     *
     * @return the store
     * @throws StoreException if the database cannot be reached, migration fails or the tables are missing
     */
    public JdbcStore build() {
      JdbcDialect d = dialect;
      if (d == null) {
        try (Connection c = dataSource.getConnection()) {
          d = JdbcDialect.detect(c);
        } catch (SQLException e) {
          throw new StoreException("could not reach the database to detect its dialect: " + e.getMessage(), e);
        }
      }
      if (migrate) {
        JdbcSchema.migrate(dataSource, d, prefix);
      }
      return new JdbcStore(this, d);
    }
  }
}
