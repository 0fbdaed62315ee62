package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.OmniException;
import io.github.omnictx.core.StoreException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a driver's {@link SQLException} into the Omni exception a caller can act on, by SQLState
 * (standard across the three databases) and MariaDB's error codes.
 *
 * <p>Drivers quote row values in their messages (pgjdbc's {@code BatchUpdateException} repeats the
 * whole statement with its values, {@code Key (…)=(anna@example.com)}; MariaDB's {@code Duplicate
 * entry 'anna@example.com'}; H2's {@code VALUES ('anna@…')}), and those values are
 * personal data. So no driver message reaches an exception Omni throws, neither as its message nor
 * in its causes: the message names the operation, SQLState, vendor code and, where the driver names
 * one of the store's own columns or constraints, that name; the cause is a copy of the driver's
 * exception chain with each message replaced by its SQLState and code (stack traces kept).
 */
final class SqlErrors {
  private static final Pattern COLUMN = Pattern.compile("(?i)column[ \"'`]+([a-z_]+)");
  private static final Pattern CONSTRAINT = Pattern.compile("(?i)(?:constraint|key|index)[ \"'`]+([a-z0-9_.]+)");
  /** Names the store's schema uses: the only words of a driver's message an exception may repeat. */
  private static final java.util.Set<String> SCHEMA_WORDS = schemaWords();

  private static java.util.Set<String> schemaWords() {
    java.util.Set<String> words = new java.util.HashSet<>();
    for (String list : new String[] {SqlText.TOUCHPOINT_COLUMNS, SqlText.CONVERSATION_COLUMNS,
        "tenant, kind, identity_value, customer_id, version, created_at, updated_at, merged_into, attributes, "
            + "consents, preferences, token, digest, expires_at, adapter, primary"}) {
      for (String w : list.split(",")) {
        words.add(w.strip());
      }
    }
    return java.util.Set.copyOf(words);
  }

  /** A driver exception whose message is only its SQLState and code; see the class comment. */
  static final class RedactedSqlException extends SQLException {
    private static final long serialVersionUID = 1L;

    RedactedSqlException(SQLException original) {
      super(original.getClass().getSimpleName() + " (SQLState " + original.getSQLState() + ", code "
          + original.getErrorCode() + "; the driver's message is withheld: it may quote row values)",
          original.getSQLState(), original.getErrorCode());
      setStackTrace(original.getStackTrace());
    }
  }

  /**
   * The driver's exception chain with every message withheld (see the class comment).
   *
   * @param e the driver's exception
   * @return a copy fit to be a cause
   */
  static SQLException redacted(SQLException e) {
    SQLException head = new RedactedSqlException(e);
    SQLException tail = head;
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    seen.add(e);
    for (SQLException next = e.getNextException(); next != null && seen.add(next); next = next.getNextException()) {
      SQLException copy = new RedactedSqlException(next);
      tail.setNextException(copy);
      tail = copy;
    }
    return head;
  }

  /** The schema names a driver's message mentions (a column, a constraint), never anything else. */
  private static String names(@org.jspecify.annotations.Nullable String message) {
    if (message == null) {
      return "";
    }
    java.util.Set<String> found = new java.util.TreeSet<>();
    for (Pattern p : new Pattern[] {COLUMN, CONSTRAINT}) {
      Matcher m = p.matcher(message);
      while (m.find()) {
        String name = m.group(1).toLowerCase(Locale.ROOT);
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (SCHEMA_WORDS.contains(last) || last.matches("(?:omni_)?[a-z_]*(?:_pkey|_key|_uq|_idx|_fk|_unique)")) {
          found.add(name);
        }
      }
    }
    return found.isEmpty() ? "" : ", " + String.join(", ", found);
  }

  private SqlErrors() {}

  static boolean isUniqueViolation(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if ("23505".equals(x.getSQLState()) || x.getErrorCode() == 1062) {
        return true;
      }
    }
    return false;
  }

  private static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03") || state.equals("90067") /* H2: connection broken */);
  }

  /**
   * Maps an exception.
   *
   * @param e the driver's exception
   * @param what the operation, for the message ("appending touchpoints")
   * @return the exception to throw
   */
  static OmniException map(SQLException e, String what) {
    SQLException first = e;
    if (e.getNextException() != null && e.getSQLState() == null) {
      first = e.getNextException();
    }
    String state = first.getSQLState() == null ? "" : first.getSQLState();
    int code = first.getErrorCode();
    String detail = "SQLState " + state + ", code " + code + names(first.getMessage());
    SQLException cause = redacted(e);
    if (isConnectionFailure(first)) {
      return new StoreException(what + " failed: the database connection was lost (" + detail + ")", cause);
    }
    if (isUniqueViolation(e)) {
      return new ConcurrentUpdateException(what + ": another unit of work stored the same key first (" + detail + ")");
    }
    if (isLostRace(state, code)) {
      return new ConcurrentUpdateException(what + ": lost a race with another unit of work (" + detail + ")");
    }
    if (state.equals("22001") || code == 1406) {
      String column = column(first.getMessage());
      return new InvalidInputException(column, column + " is longer than its database column allows (" + detail + ")");
    }
    if (state.equals("23503") || state.equals("23506") || code == 1452 || code == 1216) {
      return new InvalidInputException("reference",
          what + ": refers to a customer or conversation that does not exist in this tenant (" + detail + ")");
    }
    if (state.equals("22P02") || state.equals("22P05") || state.equals("22032") || code == 4025 || code == 3140) {
      return new InvalidInputException("payload", what + ": the database refused a value as invalid (" + detail + ")");
    }
    if (state.startsWith("22") || code == 1366 || code == 1264 || code == 1292) {
      // A data exception is about the value, never the moment: sent again it fails again, so it is
      // the caller's input (a webhook event rejected alone, not a 503 redelivered for days). The
      // driver's text may quote the value, personal data: only the SQLState is named.
      return new InvalidInputException("value", what + ": the database cannot hold a value as given (" + detail + ")");
    }
    return new StoreException(what + " failed: " + detail, cause);
  }

  /**
   * The conflict a compare-and-set answers with when it changed no row: the record is gone, or
   * another unit of work moved it to another version first.
   *
   * @param kind what the record is ("customer")
   * @param id its id
   * @param current the version stored now, empty if the record does not exist
   * @param expected the version the caller expected
   * @return the exception to throw
   */
  static ConcurrentUpdateException staleVersion(String kind, Object id, Optional<Long> current, long expected) {
    return new ConcurrentUpdateException(current.isEmpty() ? kind + " " + id + " does not exist"
        : kind + " " + id + " is at version " + current.get() + ", expected " + expected);
  }

  /**
   * Serialization failure (40001: PostgreSQL, H2 deadlock, MariaDB 1213's state), deadlock (40P01,
   * MariaDB 1213), lock wait given up (PostgreSQL 55P03 lock_not_available, MariaDB 1205, H2 HYT00 /
   * 50200): the other unit of work won, and running this one again may succeed.
   */
  private static boolean isLostRace(String state, int code) {
    return state.equals("40001") || state.equals("40P01") || state.equals("55P03") || state.equals("HYT00")
        || code == 1213 || code == 1205 || code == 50200;
  }

  private static String column(@org.jspecify.annotations.Nullable String message) {
    if (message != null) {
      Matcher m = COLUMN.matcher(message);
      while (m.find()) {
        String name = m.group(1).toLowerCase(Locale.ROOT);
        if (SCHEMA_WORDS.contains(name)) {
          return name;
        }
      }
    }
    return "value";
  }
}
