package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.spi.AgentRepository;
import io.github.omnictx.core.spi.ConversationRepository;
import io.github.omnictx.core.spi.CustomerRepository;
import io.github.omnictx.core.spi.HandoffRepository;
import io.github.omnictx.core.spi.MergeJournal;
import io.github.omnictx.core.spi.JourneyRunRepository;
import io.github.omnictx.core.spi.OutboundRepository;
import io.github.omnictx.core.spi.OutboxRepository;
import io.github.omnictx.core.spi.PrivacyRepository;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TouchpointRepository;
import io.github.omnictx.core.spi.PollCursorRepository;
import io.github.omnictx.core.spi.WebhookTokenRepository;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One unit of work on one connection, bound to a tenant: its lifecycle, and one repository of each
 * kind ({@link JdbcCustomers}, {@link JdbcTouchpoints}, {@link JdbcConversations}, {@link
 * JdbcAgents}, {@link JdbcHandoffs}, {@link JdbcMergeJournal}, {@link JdbcWebhookTokens}, {@link
 * JdbcOutbound}, {@link JdbcOutbox}), which send
 * their statements through one {@link Sql}. Reads run in autocommit until the first write, which
 * opens the transaction (under READ COMMITTED a read sees the same data either way, and read-only
 * work saves the commit round trip). The store is written for READ COMMITTED: MariaDB connections
 * are switched to it for the transaction; PostgreSQL and H2 are assumed to run at it, their default.
 * Not thread-safe; valid only inside the work it was given to.
 */
final class JdbcTransaction implements StoreTransaction {
  private final JdbcStore store;
  private final JdbcDialect dialect;
  private final Connection c;
  private final TenantId tenant;
  private final Sql db;
  private boolean writing;
  private boolean ended;
  private int originalIsolation = -1;
  private final JdbcCustomers customers;
  private final JdbcTouchpoints touchpoints;
  private final JdbcConversations conversations;
  private final JdbcAgents agents;
  private final JdbcHandoffs handoffs;
  private final JdbcMergeJournal mergeJournal;
  private final JdbcWebhookTokens webhookTokens;
  private final JdbcPollCursors pollCursors;
  private final JdbcOutbound outbound;
  private final JdbcOutbox outbox;
  private final JdbcJourneyRuns journeys;
  private final JdbcPrivacy privacy;

  JdbcTransaction(JdbcStore store, JdbcDialect dialect, Connection c, TenantId tenant) {
    this.store = store;
    this.dialect = dialect;
    this.c = c;
    this.tenant = tenant;
    this.db = new Sql(c, dialect, this::beginWrite);
    this.customers = new JdbcCustomers(this);
    this.touchpoints = new JdbcTouchpoints(this);
    this.conversations = new JdbcConversations(this);
    this.agents = new JdbcAgents(this);
    this.handoffs = new JdbcHandoffs(this);
    this.mergeJournal = new JdbcMergeJournal(this);
    this.webhookTokens = new JdbcWebhookTokens(this, store.tablePrefix());
    this.pollCursors = new JdbcPollCursors(this, store.tablePrefix());
    this.outbound = new JdbcOutbound(this);
    this.outbox = new JdbcOutbox(this);
    this.journeys = new JdbcJourneyRuns(this);
    this.privacy = new JdbcPrivacy(this, store.tablePrefix());
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Checks the connection before any work. A connection already in a transaction belongs to the
   * application (e.g. a transaction-aware DataSource proxy handed out the one its own transaction
   * runs on): Omni neither joins nor rolls it back, it refuses.
   *
   * @throws StoreException if the connection is not in autocommit
   */
  void start() throws SQLException {
    if (!c.getAutoCommit()) {
      throw new StoreException("the connection is already in a transaction; Omni runs its own units of work: "
          + "give JdbcStore a DataSource whose connections are in autocommit, not one bound to the caller's transaction");
    }
  }

  /**
   * Opens the transaction at the first write. Where the dialect forces READ COMMITTED (MariaDB,
   * whose default is REPEATABLE READ) it is set here, only if the connection is not at it already,
   * and restored in {@link #close}: read-only work (autocommit statements, each its own snapshot
   * either way) and connections a pool keeps at READ COMMITTED cost no extra round trip.
   */
  void beginWrite() throws SQLException {
    checkOpen();
    if (!writing) {
      if (dialect.forcesReadCommitted()) {
        int current = c.getTransactionIsolation();
        if (current != Connection.TRANSACTION_READ_COMMITTED) {
          c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
          originalIsolation = current;
        }
      }
      c.setAutoCommit(false);
      writing = true;
    }
  }

  void commit() throws SQLException {
    if (writing) {
      c.commit();
    }
    ended = true;
  }

  void rollbackQuietly(Throwable cause) {
    ended = true;
    if (!writing) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException e) {
      // The connection is probably gone, and the server rolls back what it had on its own.
      cause.addSuppressed(e);
    }
  }

  /**
   * Hands the connection back as it came: in autocommit (the only state {@link #start} accepts) and
   * at its original isolation level. A refused connection is left untouched.
   */
  void close() {
    ended = true;
    try {
      if (writing) {
        c.setAutoCommit(true);
      }
      if (originalIsolation >= 0) {
        c.setTransactionIsolation(originalIsolation);
      }
    } catch (SQLException ignored) {
      // A broken connection: closing it below hands it back to the pool, which discards it.
    } finally {
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing more to do
      }
    }
  }

  /** @throws IllegalStateException if the unit of work has ended */
  void checkOpen() {
    if (ended) {
      throw new IllegalStateException("this unit of work has ended; repositories are valid only inside it");
    }
  }

  /** @return the connection this unit of work runs on */
  Connection connection() {
    return c;
  }

  /** @return the database dialect */
  JdbcDialect dialect() {
    return dialect;
  }

  /** @return the statements' runner on this unit of work's connection */
  Sql db() {
    return db;
  }

  /** @return the store's statement texts */
  SqlText statements() {
    return store.sql;
  }

  /** @return the store, for its column widths and batch size */
  JdbcStore store() {
    return store;
  }

  @Override
  public TenantId tenant() {
    return tenant;
  }

  @Override
  public CustomerRepository customers() {
    return customers;
  }

  @Override
  public TouchpointRepository touchpoints() {
    return touchpoints;
  }

  /** @return the conversations, for a statement of another repository that brings some along */
  JdbcConversations conversationRows() {
    return conversations;
  }

  @Override
  public ConversationRepository conversations() {
    return conversations;
  }

  @Override
  public MergeJournal mergeJournal() {
    return mergeJournal;
  }

  @Override
  public AgentRepository agents() {
    return agents;
  }

  @Override
  public HandoffRepository handoffs() {
    return handoffs;
  }

  @Override
  public WebhookTokenRepository webhookTokens() {
    return webhookTokens;
  }

  @Override
  public PollCursorRepository pollCursors() {
    return pollCursors;
  }

  @Override
  public OutboundRepository outbound() {
    return outbound;
  }

  @Override
  public OutboxRepository outbox() {
    return outbox;
  }

  @Override
  public JourneyRunRepository journeys() {
    return journeys;
  }

  @Override
  public PrivacyRepository privacy() {
    return privacy;
  }

  @Override
  public String toString() {
    return "JdbcTransaction[" + tenant + ", " + dialect + (writing ? ", writing" : "") + "]";
  }
}
