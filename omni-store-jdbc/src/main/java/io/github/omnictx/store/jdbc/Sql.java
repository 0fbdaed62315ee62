package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.ConcurrentUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs the repositories' statements on one unit of work's connection: prepares a statement, binds
 * its parameters in order ({@link Params}), executes it, reads its rows ({@link RowMapper}) and
 * closes it, and turns a driver's {@link SQLException} into the Omni exception a caller can act on
 * ({@link SqlErrors#map}), described by the operation it was part of ("reading customer …"). That
 * mapping happens here, in {@link #mapped} alone.
 *
 * <p>Two levels. The mapped methods ({@link #query}, {@link #list}, {@link #first}, {@link #update},
 * {@link #batch}, {@link #run}) throw Omni exceptions; the writes among them open the unit of work's
 * transaction first, so a repository never writes in autocommit. The raw methods ({@link #execute},
 * {@link #executeEach}) throw the driver's exception, for compound work inside {@link #run} that must
 * react to it itself (the touchpoint append's savepoints); they leave opening the transaction to the
 * caller. Each method sends exactly the statements it names: one prepare, one execution (or one
 * batch), nothing more.
 *
 * <p>Not thread-safe, like the unit of work it belongs to.
 */
final class Sql {
  /** How many keys (an identity, a provider id) one look-up query names at most. */
  static final int LOOKUP_CHUNK = 100;

  private final Connection c;
  private final JdbcDialect dialect;
  private final Action beginWrite;

  /**
   * @param c the unit of work's connection
   * @param dialect the database's dialect, for ids and instants
   * @param beginWrite opens the unit of work's transaction if it is not open yet
   */
  Sql(Connection c, JdbcDialect dialect, Action beginWrite) {
    this.c = c;
    this.dialect = dialect;
    this.beginWrite = beginWrite;
  }

  /** Binds one statement's parameters. */
  @FunctionalInterface
  interface Binder {
    void bind(Params p) throws SQLException;
  }

  /** Binds the parameters of one row of a batch. */
  @FunctionalInterface
  interface RowBinder<E> {
    void bind(Params p, E row) throws SQLException;
  }

  /** Reads the current row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Reads a whole result, for rows that together make one value. */
  @FunctionalInterface
  interface ResultReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** A step on the connection. */
  @FunctionalInterface
  interface Action {
    void run() throws SQLException;
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  // ------------------------------------------------------------------ mapped

  /**
   * Runs compound work whose driver errors are mapped as one operation.
   *
   * @param what the operation, for the message ("appending touchpoints")
   * @param action the work
   */
  void run(String what, Action action) {
    mapped(what, null, () -> {
      action.run();
      return Boolean.TRUE;
    });
  }

  /**
   * Runs a query and reads its whole result.
   *
   * @param what the operation, for the message
   * @param text the statement
   * @param binder binds its parameters
   * @param reader reads the result
   * @return what the reader made of it
   */
  <T> T query(String what, String text, Binder binder, ResultReader<T> reader) {
    return mapped(what, null, () -> {
      try (PreparedStatement ps = c.prepareStatement(text)) {
        binder.bind(new Params(ps, dialect));
        try (ResultSet rs = ps.executeQuery()) {
          return reader.read(rs);
        }
      }
    });
  }

  /**
   * Runs a query and maps every row.
   *
   * @return the rows, in the order the database sent them
   */
  <T> List<T> list(String what, String text, Binder binder, RowMapper<T> mapper) {
    return query(what, text, binder, rs -> {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    });
  }

  /**
   * Runs a query and maps its first row.
   *
   * @return the first row, or empty if there is none
   */
  <T> Optional<T> first(String what, String text, Binder binder, RowMapper<T> mapper) {
    return query(what, text, binder, rs -> rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty());
  }

  /**
   * Runs one data-changing statement inside the unit of work's transaction.
   *
   * @return the update count
   */
  int update(String what, String text, Binder binder) {
    return update(what, text, binder, null);
  }

  /**
   * Runs one data-changing statement inside the unit of work's transaction.
   *
   * @param duplicate the message of the {@link ConcurrentUpdateException} a unique-key violation
   *     becomes (another unit of work stored the same key first); {@code null} maps it as any error
   * @return the update count
   */
  int update(String what, String text, Binder binder, @Nullable Supplier<String> duplicate) {
    return mapped(what, duplicate, () -> {
      beginWrite.run();
      try (PreparedStatement ps = c.prepareStatement(text)) {
        binder.bind(new Params(ps, dialect));
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Runs one statement for every row as one JDBC batch, inside the unit of work's transaction.
   *
   * @param duplicate as in {@link #update(String, String, Binder, Supplier)}
   * @return the per-row update counts as the driver reports them
   */
  <E> int[] batch(String what, String text, Collection<E> rows, RowBinder<E> binder,
      @Nullable Supplier<String> duplicate) {
    return mapped(what, duplicate, () -> {
      beginWrite.run();
      return send(text, rows, binder, false);
    });
  }

  /** The one place where a driver's exception becomes an Omni exception. */
  private <T> T mapped(String what, @Nullable Supplier<String> duplicate, Work<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      if (duplicate != null && SqlErrors.isUniqueViolation(e)) {
        throw new ConcurrentUpdateException(duplicate.get());
      }
      throw SqlErrors.map(e, what);
    }
  }

  // ------------------------------------------------------------------ raw, inside run(...)

  /**
   * Runs one statement for the given rows: a single row as a plain update, more as one JDBC batch.
   *
   * @return the per-row update counts as the driver reports them
   * @throws SQLException as the driver threw it
   */
  <E> int[] execute(String text, List<E> rows, RowBinder<E> binder) throws SQLException {
    return send(text, rows, binder, true);
  }

  private <E> int[] send(String text, Collection<E> rows, RowBinder<E> binder, boolean oneAsUpdate)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(text)) {
      Params p = new Params(ps, dialect);
      if (oneAsUpdate && rows.size() == 1) {
        binder.bind(p, rows.iterator().next());
        return new int[] {ps.executeUpdate()};
      }
      for (E row : rows) {
        binder.bind(p.reset(), row);
        ps.addBatch();
      }
      return ps.executeBatch();
    }
  }

  /**
   * Runs one prepared statement row by row, each its own execution, where a failed statement does
   * not doom the transaction: a row the database refuses with a unique-key violation counts 0 and
   * the next row goes on.
   *
   * @return the per-row update counts
   * @throws SQLException on any other error, as the driver threw it
   */
  <E> int[] executeEach(String text, List<E> rows, RowBinder<E> binder) throws SQLException {
    int[] counts = new int[rows.size()];
    try (PreparedStatement ps = c.prepareStatement(text)) {
      Params p = new Params(ps, dialect);
      for (int k = 0; k < rows.size(); k++) {
        binder.bind(p.reset(), rows.get(k));
        try {
          counts[k] = ps.executeUpdate();
        } catch (SQLException e) {
          if (!SqlErrors.isUniqueViolation(e)) {
            throw e;
          }
          counts[k] = 0;
        }
      }
    }
    return counts;
  }

  // ------------------------------------------------------------------ text

  /** @return {@code n} comma-separated placeholders, {@code "?, ?, ?"} */
  static String placeholders(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "?" : ", ?");
    }
    return b.toString();
  }

  /**
   * @param limit the value of a {@code LIMIT ?} parameter
   * @return the limit
   * @throws IllegalArgumentException if it is below 1
   */
  static int limit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was: " + limit);
    }
    return limit;
  }

  /**
   * The parameters of one statement, bound in order from the first, with the dialect's types for
   * ids and instants.
   */
  static final class Params {
    private final PreparedStatement ps;
    private final JdbcDialect dialect;
    private int next = 1;

    Params(PreparedStatement ps, JdbcDialect dialect) {
      this.ps = ps;
      this.dialect = dialect;
    }

    /** Starts again at the first parameter, for the next row of a batch. */
    Params reset() {
      next = 1;
      return this;
    }

    Params string(@Nullable String value) throws SQLException {
      ps.setString(next++, value);
      return this;
    }

    Params id(@Nullable UUID value) throws SQLException {
      dialect.setId(ps, next++, value);
      return this;
    }

    Params instant(@Nullable Instant value) throws SQLException {
      dialect.setInstant(ps, next++, value);
      return this;
    }

    Params integer(int value) throws SQLException {
      ps.setInt(next++, value);
      return this;
    }

    Params bigint(long value) throws SQLException {
      ps.setLong(next++, value);
      return this;
    }

    Params bool(boolean value) throws SQLException {
      ps.setBoolean(next++, value);
      return this;
    }
  }
}
