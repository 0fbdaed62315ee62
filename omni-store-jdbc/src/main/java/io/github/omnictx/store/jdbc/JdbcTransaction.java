package io.github.omnictx.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.ContactPreferences;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.consent.QuietHours;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationStatus;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffId;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.spi.ConversationRepository;
import io.github.omnictx.core.spi.AgentRepository;
import io.github.omnictx.core.spi.CustomerRepository;
import io.github.omnictx.core.spi.HandoffRepository;
import io.github.omnictx.core.spi.MergeJournal;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TimelineSlice;
import io.github.omnictx.core.spi.TouchpointRepository;
import io.github.omnictx.core.spi.WebhookTokenRepository;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TimelineOrder;
import io.github.omnictx.core.timeline.TimelinePosition;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import io.github.omnictx.core.timeline.TouchpointType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work on one connection: the repositories of {@link StoreTransaction}, bound to a
 * tenant. Reads run in autocommit until the first write, which opens the transaction (under READ
 * COMMITTED a read sees the same data either way, and read-only work saves the commit round trip).
 * The store is written for READ COMMITTED: MariaDB connections are switched to it for the
 * transaction; PostgreSQL and H2 are assumed to run at it, their default.
 * Not thread-safe; valid only inside the work it was given to.
 */
final class JdbcTransaction implements StoreTransaction, CustomerRepository, TouchpointRepository,
    ConversationRepository {
  /** How many (channel, external id) pairs one look-up query names at most. */
  private static final int LOOKUP_CHUNK = 100;

  private final JdbcStore store;
  private final JdbcDialect dialect;
  private final SqlText sql;
  private final Connection c;
  private final TenantId tenant;
  private final String t;
  private boolean writing;
  private boolean ended;
  private int originalIsolation = -1;
  /**
   * Who was merged into whom, as read along with a customer earlier in this unit of work; emptied
   * by every customer write here. Under READ COMMITTED a second query could see newer data, but
   * no more correct data, than this read of a moment ago.
   */
  private final Map<CustomerId, List<CustomerId>> mergedIntoCache = new HashMap<>();

  JdbcTransaction(JdbcStore store, JdbcDialect dialect, Connection c, TenantId tenant) {
    this.store = store;
    this.dialect = dialect;
    this.sql = store.sql;
    this.c = c;
    this.tenant = tenant;
    this.t = tenant.value();
    this.webhookTokens = new JdbcWebhookTokens(this, store.tablePrefix());
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
    open();
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
    open();
  }

  /** @return the connection this unit of work runs on */
  Connection connection() {
    return c;
  }

  /** @return the database dialect */
  JdbcDialect dialect() {
    return dialect;
  }

  private void open() {
    if (ended) {
      throw new IllegalStateException("this unit of work has ended; repositories are valid only inside it");
    }
  }

  @Override
  public TenantId tenant() {
    return tenant;
  }

  @Override
  public CustomerRepository customers() {
    return this;
  }

  @Override
  public TouchpointRepository touchpoints() {
    return this;
  }

  @Override
  public ConversationRepository conversations() {
    return this;
  }

  @Override
  public MergeJournal mergeJournal() {
    return journal;
  }

  private final MergeJournal journal = new Journal();

  // ------------------------------------------------------------------ helpers

  private void checkLength(String column, @Nullable String value) {
    if (value != null && value.length() > store.maxLength(column)) {
      String field = column.substring(column.indexOf('.') + 1);
      throw new InvalidInputException(field, column + " must be at most " + store.maxLength(column)
          + " characters, was " + value.length());
    }
  }

  private void checkTenant() {
    checkLength("touchpoints.tenant", t);
  }

  // ------------------------------------------------------------------ customers

  @Override
  public Optional<Customer> find(CustomerId id) {
    open();
    try (PreparedStatement ps = c.prepareStatement(sql.findCustomer)) {
      ps.setString(1, t);
      dialect.setId(ps, 2, id.value());
      ps.setString(3, t);
      dialect.setId(ps, 4, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        Customer.Builder b = null;
        List<CustomerId> merged = new ArrayList<>();
        while (rs.next()) {
          if (rs.getInt("part") == 1) {
            merged.add(new CustomerId(dialect.id(rs, "id")));
            continue;
          }
          if (b == null) {
            b = customerFrom(rs, id);
          }
          String kind = rs.getString("kind");
          if (kind != null) {
            b.identity(Identity.of(IdentityKind.valueOf(kind), rs.getString("identity_value")));
          }
        }
        merged.sort(null);
        mergedIntoCache.put(id, List.copyOf(merged));
        return b == null ? Optional.empty() : Optional.of(b.build());
      }
    } catch (SQLException e) {
      throw SqlErrors.map(e, "reading customer " + id);
    }
  }

  private Customer.Builder customerFrom(ResultSet rs, CustomerId id) throws SQLException {
    Customer.Builder b = Customer.builder(id, dialect.instant(rs, "created_at"))
        .updatedAt(dialect.instant(rs, "updated_at"))
        .version(rs.getLong("version"));
    UUID merged = dialect.id(rs, "merged_into");
    b.mergedInto(merged == null ? null : new CustomerId(merged));
    CustomerJson.profile(b, Json.read(rs.getString("attributes")), Json.read(rs.getString("consents")),
        Json.read(rs.getString("preferences")));
    return b;
  }

  private static String attributesJson(Customer customer) {
    return Json.write(customer.attributes());
  }

  private static String consentsJson(Customer customer) {
    return CustomerJson.consents(customer).toString();
  }

  private static String preferencesJson(Customer customer) {
    return CustomerJson.preferences(customer).toString();
  }

  @Override
  public Map<Identity, CustomerId> findHolders(Collection<Identity> identities) {
    open();
    Map<Identity, CustomerId> out = new LinkedHashMap<>();
    if (identities.isEmpty()) {
      return out;
    }
    List<Identity> all = new ArrayList<>(new java.util.LinkedHashSet<>(identities));
    try {
      for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
        List<Identity> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
        StringBuilder q = new StringBuilder("SELECT kind, identity_value, customer_id FROM ").append(sql.identities)
            .append(" WHERE tenant = ? AND (");
        for (int i = 0; i < chunk.size(); i++) {
          q.append(i == 0 ? "" : " OR ").append("(kind = ? AND identity_value = ?)");
        }
        q.append(')');
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
          int k = 1;
          ps.setString(k++, t);
          for (Identity i : chunk) {
            ps.setString(k++, i.kind().name());
            ps.setString(k++, i.value());
          }
          Map<Identity, CustomerId> found = new HashMap<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              found.put(Identity.of(IdentityKind.valueOf(rs.getString(1)), rs.getString(2)),
                  new CustomerId(dialect.id(rs, "customer_id")));
            }
          }
          for (Identity i : chunk) {
            CustomerId holder = found.get(i);
            if (holder != null) {
              out.put(i, holder);
            }
          }
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.map(e, "looking up identities");
    }
    return out;
  }

  @Override
  public List<CustomerId> findMergedInto(CustomerId survivor) {
    open();
    List<CustomerId> known = mergedIntoCache.get(survivor);
    if (known != null) {
      return new ArrayList<>(known);
    }
    try (PreparedStatement ps = c.prepareStatement(sql.mergedInto)) {
      ps.setString(1, t);
      dialect.setId(ps, 2, survivor.value());
      List<CustomerId> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new CustomerId(dialect.id(rs, "id")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.map(e, "listing customers merged into " + survivor);
    }
  }

  private void requireUnheld(Collection<Identity> identities, CustomerId owner) {
    for (Map.Entry<Identity, CustomerId> e : findHolders(identities).entrySet()) {
      if (!e.getValue().equals(owner)) {
        throw new ConcurrentUpdateException("identity " + e.getKey() + " is already held by customer " + e.getValue());
      }
    }
  }

  private void checkIdentityLengths(Collection<Identity> identities) {
    for (Identity i : identities) {
      checkLength("identities.identity_value", i.value());
    }
  }

  @Override
  public void insert(Customer customer) {
    open();
    mergedIntoCache.clear();
    checkLength("customers.tenant", t);
    checkIdentityLengths(customer.identities());
    requireUnheld(customer.identities(), customer.id());
    try {
      beginWrite();
      try (PreparedStatement ps = c.prepareStatement(sql.insertCustomer)) {
        ps.setString(1, t);
        dialect.setId(ps, 2, customer.id().value());
        ps.setLong(3, customer.version());
        dialect.setInstant(ps, 4, customer.createdAt());
        dialect.setInstant(ps, 5, customer.updatedAt());
        dialect.setId(ps, 6, customer.mergedInto().map(CustomerId::value).orElse(null));
        ps.setString(7, attributesJson(customer));
        ps.setString(8, consentsJson(customer));
        ps.setString(9, preferencesJson(customer));
        ps.executeUpdate();
      } catch (SQLException e) {
        if (SqlErrors.isUniqueViolation(e)) {
          throw new ConcurrentUpdateException("customer " + customer.id() + " already exists");
        }
        throw e;
      }
      insertIdentities(customer.id(), customer.identities());
    } catch (SQLException e) {
      throw SqlErrors.map(e, "inserting customer " + customer.id());
    }
  }

  private void insertIdentities(CustomerId owner, Collection<Identity> identities) throws SQLException {
    if (identities.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql.insertIdentity)) {
      for (Identity i : identities) {
        ps.setString(1, t);
        ps.setString(2, i.kind().name());
        ps.setString(3, i.value());
        dialect.setId(ps, 4, owner.value());
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new ConcurrentUpdateException("an identity of customer " + owner
            + " was given to another customer by a concurrent unit of work: " + identities);
      }
      throw e;
    }
  }

  @Override
  public void update(Customer customer, long expectedVersion) {
    open();
    mergedIntoCache.clear();
    checkIdentityLengths(customer.identities());
    try {
      Set<Identity> current = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement(sql.identitiesOf)) {
        ps.setString(1, t);
        dialect.setId(ps, 2, customer.id().value());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            current.add(Identity.of(IdentityKind.valueOf(rs.getString(1)), rs.getString(2)));
          }
        }
      }
      List<Identity> added = new ArrayList<>();
      for (Identity i : customer.identities()) {
        if (!current.contains(i)) {
          added.add(i);
        }
      }
      requireUnheld(added, customer.id());
      beginWrite();
      try (PreparedStatement ps = c.prepareStatement(sql.updateCustomer)) {
        ps.setLong(1, customer.version());
        dialect.setInstant(ps, 2, customer.createdAt());
        dialect.setInstant(ps, 3, customer.updatedAt());
        dialect.setId(ps, 4, customer.mergedInto().map(CustomerId::value).orElse(null));
        ps.setString(5, attributesJson(customer));
        ps.setString(6, consentsJson(customer));
        ps.setString(7, preferencesJson(customer));
        ps.setString(8, t);
        dialect.setId(ps, 9, customer.id().value());
        ps.setLong(10, expectedVersion);
        if (ps.executeUpdate() == 0) {
          throw staleVersion("customer", sql.customerVersion, customer.id().value(), expectedVersion);
        }
      }
      List<Identity> removed = new ArrayList<>();
      for (Identity i : current) {
        if (!customer.identities().contains(i)) {
          removed.add(i);
        }
      }
      if (!removed.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(sql.deleteIdentity)) {
          for (Identity i : removed) {
            ps.setString(1, t);
            ps.setString(2, i.kind().name());
            ps.setString(3, i.value());
            dialect.setId(ps, 4, customer.id().value());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      insertIdentities(customer.id(), added);
    } catch (SQLException e) {
      throw SqlErrors.map(e, "updating customer " + customer.id());
    }
  }

  private ConcurrentUpdateException staleVersion(String kind, String versionSql, UUID id, long expected)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(versionSql)) {
      ps.setString(1, t);
      dialect.setId(ps, 2, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new ConcurrentUpdateException(kind + " " + id + " does not exist");
        }
        return new ConcurrentUpdateException(kind + " " + id + " is at version " + rs.getLong(1) + ", expected " + expected);
      }
    }
  }

  // ------------------------------------------------------------------ touchpoints

  @Override
  public Appended append(Touchpoint touchpoint) {
    return appendAll(List.of(touchpoint)).get(0);
  }

  private static String externalKey(ChannelId channel, String externalId) {
    return channel.value() + '\u0000' + externalId;
  }

  @Override
  public List<Appended> appendAll(List<Touchpoint> touchpoints) {
    open();
    int n = touchpoints.size();
    Appended[] out = new Appended[n];
    if (n == 0) {
      return List.of();
    }
    checkTenant();
    // A later duplicate of an earlier row in the same list is answered from the earlier one; only
    // the first of each (channel, external id) goes to the database.
    int[] sameAs = new int[n];
    Arrays.fill(sameAs, -1);
    Map<String, Integer> firstByKey = new HashMap<>();
    List<Integer> send = new ArrayList<>(n);
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      Touchpoint tp = touchpoints.get(i);
      Optional<String> ext = tp.externalId();
      if (ext.isPresent()) {
        Integer first = firstByKey.putIfAbsent(externalKey(tp.channel(), ext.get()), i);
        if (first != null) {
          sameAs[i] = first;
          continue;
        }
        checkLength("touchpoints.external_id", ext.get());
      }
      checkLength("touchpoints.channel", tp.channel().value());
      checkLength("touchpoints.type", tp.type().value());
      payloads[i] = Json.payload(tp.payload());
      send.add(i);
    }
    try {
      beginWrite();
      int batch = store.batchSize();
      for (int from = 0; from < send.size(); from += batch) {
        appendChunk(touchpoints, payloads, send.subList(from, Math.min(send.size(), from + batch)), out);
      }
    } catch (SQLException e) {
      throw SqlErrors.map(e, "appending touchpoints");
    }
    for (int i = 0; i < n; i++) {
      if (sameAs[i] >= 0) {
        out[i] = new Appended(out[sameAs[i]].touchpoint(), false);
      }
    }
    return Arrays.asList(out);
  }

  private void bindTouchpoint(PreparedStatement ps, Touchpoint tp, String payload) throws SQLException {
    ps.setString(1, t);
    dialect.setId(ps, 2, tp.id().value());
    dialect.setId(ps, 3, tp.customerId().value());
    ps.setString(4, tp.channel().value());
    ps.setString(5, tp.type().value());
    ps.setString(6, tp.direction().name());
    dialect.setInstant(ps, 7, tp.occurredAt());
    dialect.setInstant(ps, 8, tp.recordedAt());
    dialect.setId(ps, 9, tp.conversationId().map(ConversationId::value).orElse(null));
    ps.setString(10, tp.externalId().orElse(null));
    ps.setString(11, payload);
    ps.setString(12, tp.status().map(Enum::name).orElse(null));
  }

  private void appendChunk(List<Touchpoint> all, String[] payloads, List<Integer> chunk, Appended[] out)
      throws SQLException {
    boolean anyExternal = false;
    for (int i : chunk) {
      anyExternal |= all.get(i).externalId().isPresent();
    }
    // Where a failed statement does not doom the transaction (H2, MariaDB) a unique violation on
    // the provider id is how a duplicate shows; a savepoint lets us redo the chunk row by row then.
    // On PostgreSQL a bulk chunk first goes as plain INSERTs behind a savepoint (ON CONFLICT's
    // speculative insertion costs a lock and an extra WAL record per row), and only a chunk that
    // meets a duplicate is sent again with ON CONFLICT DO NOTHING.
    boolean aborts = dialect.statementErrorAbortsTransaction();
    boolean optimistic = aborts && anyExternal && chunk.size() >= 8;
    Savepoint savepoint = optimistic || (anyExternal && !aborts) ? c.setSavepoint() : null;
    int[] counts;
    try {
      counts = sendChunk(optimistic ? sql.insertTouchpoint : sql.appendTouchpoint, all, payloads, chunk);
    } catch (SQLException e) {
      if (savepoint == null || !SqlErrors.isUniqueViolation(e)) {
        throw e;
      }
      c.rollback(savepoint);
      counts = aborts ? sendChunk(sql.appendTouchpoint, all, payloads, chunk) : appendRowByRow(all, payloads, chunk);
    }
    if (savepoint != null) {
      c.releaseSavepoint(savepoint);
    }
    List<Integer> unresolved = new ArrayList<>();
    for (int k = 0; k < chunk.size(); k++) {
      int i = chunk.get(k);
      Touchpoint tp = all.get(i);
      if (counts[k] > 0 || (counts[k] == Statement.SUCCESS_NO_INFO && tp.externalId().isEmpty())) {
        out[i] = new Appended(tp, true);
      } else {
        unresolved.add(i);
      }
    }
    if (unresolved.isEmpty()) {
      return;
    }
    // Rows the database skipped (or did not report on): whoever holds their provider id now is
    // either this very row (inserted) or the earlier delivery (a duplicate).
    List<Touchpoint> keys = new ArrayList<>();
    for (int i : unresolved) {
      keys.add(all.get(i));
    }
    Map<String, Touchpoint> stored = byExternalIds(keys);
    for (int i : unresolved) {
      Touchpoint tp = all.get(i);
      Touchpoint holder = tp.externalId().map(x -> stored.get(externalKey(tp.channel(), x))).orElse(null);
      if (holder == null) {
        throw new ConcurrentUpdateException("touchpoint " + tp.id() + " was not written: its id is taken");
      }
      out[i] = holder.id().equals(tp.id()) ? new Appended(tp, true) : new Appended(holder, false);
    }
  }

  private int[] sendChunk(String statement, List<Touchpoint> all, String[] payloads, List<Integer> chunk)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(statement)) {
      if (chunk.size() == 1) {
        int i = chunk.get(0);
        bindTouchpoint(ps, all.get(i), payloads[i]);
        return new int[] {ps.executeUpdate()};
      }
      for (int i : chunk) {
        bindTouchpoint(ps, all.get(i), payloads[i]);
        ps.addBatch();
      }
      return ps.executeBatch();
    }
  }

  private int[] appendRowByRow(List<Touchpoint> all, String[] payloads, List<Integer> chunk) throws SQLException {
    int[] counts = new int[chunk.size()];
    try (PreparedStatement ps = c.prepareStatement(sql.appendTouchpoint)) {
      for (int k = 0; k < chunk.size(); k++) {
        int i = chunk.get(k);
        bindTouchpoint(ps, all.get(i), payloads[i]);
        try {
          counts[k] = ps.executeUpdate();
        } catch (SQLException e) {
          if (!SqlErrors.isUniqueViolation(e)) {
            throw e;
          }
          counts[k] = 0; // the look-up decides: a duplicate delivery, or an id that is taken
        }
      }
    }
    return counts;
  }

  private Map<String, Touchpoint> byExternalIds(List<Touchpoint> keys) throws SQLException {
    Map<String, Touchpoint> out = new HashMap<>();
    List<Touchpoint> withExt = new ArrayList<>();
    for (Touchpoint tp : keys) {
      if (tp.externalId().isPresent()) {
        withExt.add(tp);
      }
    }
    for (int from = 0; from < withExt.size(); from += LOOKUP_CHUNK) {
      List<Touchpoint> chunk = withExt.subList(from, Math.min(withExt.size(), from + LOOKUP_CHUNK));
      StringBuilder q = new StringBuilder(sql.touchpointsByExternalId);
      for (int i = 0; i < chunk.size(); i++) {
        q.append(i == 0 ? "" : " OR ").append("(channel = ? AND external_id = ?)");
      }
      q.append(')');
      try (PreparedStatement ps = c.prepareStatement(q.toString())) {
        int k = 1;
        ps.setString(k++, t);
        for (Touchpoint tp : chunk) {
          ps.setString(k++, tp.channel().value());
          ps.setString(k++, tp.externalId().orElseThrow());
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Touchpoint found = touchpointFrom(rs);
            out.put(externalKey(found.channel(), found.externalId().orElseThrow()), found);
          }
        }
      }
    }
    return out;
  }

  private Touchpoint touchpointFrom(ResultSet rs) throws SQLException {
    UUID conversation = dialect.id(rs, "conversation_id");
    String status = rs.getString("status");
    return Touchpoint.builder()
        .id(new TouchpointId(dialect.id(rs, "id")))
        .customerId(new CustomerId(dialect.id(rs, "customer_id")))
        .channel(Values.channel(rs.getString("channel")))
        .type(Values.type(rs.getString("type")))
        .direction(Direction.valueOf(rs.getString("direction")))
        .occurredAt(dialect.instant(rs, "occurred_at"))
        .recordedAt(dialect.instant(rs, "recorded_at"))
        .conversationId(conversation == null ? null : new ConversationId(conversation))
        .externalId(rs.getString("external_id"))
        .payload(Json.read(rs.getString("payload")))
        .status(status == null ? null : DeliveryStatus.valueOf(status))
        .build();
  }

  @Override
  public Optional<Touchpoint> find(TouchpointId id) {
    open();
    try (PreparedStatement ps = c.prepareStatement(sql.findTouchpoint)) {
      ps.setString(1, t);
      dialect.setId(ps, 2, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(touchpointFrom(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlErrors.map(e, "reading touchpoint " + id);
    }
  }

  @Override
  public Optional<Touchpoint> findByExternalId(ChannelId channel, String externalId) {
    open();
    try {
      Touchpoint probe = Touchpoint.builder().id(new TouchpointId(new UUID(0, 0))).customerId(new CustomerId(new UUID(0, 0)))
          .channel(channel).type(TouchpointType.MESSAGE).direction(Direction.INBOUND).occurredAt(Instant.EPOCH)
          .externalId(externalId).build();
      return Optional.ofNullable(byExternalIds(List.of(probe)).get(externalKey(channel, externalId)));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a storable external id, so none is stored under it
    } catch (SQLException e) {
      throw SqlErrors.map(e, "reading touchpoint " + channel + "/" + externalId);
    }
  }

  @Override
  public List<Touchpoint> page(TimelineSlice slice) {
    return page(slice, false);
  }

  /**
   * One statement: the page, guarded by "the customer is live and nobody is merged into it", both
   * checked by the database in the same read (uncorrelated sub-queries, evaluated once).
   */
  @Override
  public Optional<List<Touchpoint>> pageIfAlone(TimelineSlice slice) {
    if (slice.customers().size() != 1) {
      return Optional.empty();
    }
    List<Touchpoint> rows = page(slice, true);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows);
  }

  private List<Touchpoint> page(TimelineSlice slice, boolean alone) {
    open();
    boolean newest = slice.order() == TimelineOrder.NEWEST_FIRST;
    String direction = newest ? " DESC" : " ASC";
    String orderBy = " ORDER BY occurred_at" + direction + ", id" + direction + " LIMIT ?";
    StringBuilder filters = new StringBuilder();
    if (!slice.channels().isEmpty()) {
      filters.append(" AND channel IN (").append(placeholders(slice.channels().size())).append(')');
    }
    if (!slice.types().isEmpty()) {
      filters.append(" AND type IN (").append(placeholders(slice.types().size())).append(')');
    }
    if (slice.conversation().isPresent()) {
      filters.append(" AND conversation_id = ?");
    }
    if (slice.from().isPresent()) {
      filters.append(" AND occurred_at >= ?");
    }
    if (slice.until().isPresent()) {
      filters.append(" AND occurred_at < ?");
    }
    if (slice.after().isPresent()) {
      filters.append(" AND ").append(dialect.keysetAfter(newest));
    }
    if (alone) {
      filters.append(" AND EXISTS (SELECT 1 FROM ").append(sql.customers)
          .append(" c WHERE c.tenant = ? AND c.id = ? AND c.merged_into IS NULL)")
          .append(" AND NOT EXISTS (SELECT 1 FROM ").append(sql.customers)
          .append(" m WHERE m.tenant = ? AND m.merged_into = ?)");
    }
    String one = "SELECT " + SqlText.TOUCHPOINT_COLUMNS + " FROM " + sql.touchpoints
        + " WHERE tenant = ? AND customer_id = ?" + filters + orderBy;
    List<CustomerId> customers = new ArrayList<>(slice.customers());
    String query;
    if (customers.size() == 1) {
      query = one;
    } else {
      // Each customer's newest N from its own index range, then the newest N of those: no sort of
      // anyone's whole history, however long.
      StringBuilder u = new StringBuilder("SELECT * FROM (");
      for (int i = 0; i < customers.size(); i++) {
        u.append(i == 0 ? "" : " UNION ALL ").append('(').append(one).append(')');
      }
      u.append(") merged").append(orderBy);
      query = u.toString();
    }
    try (PreparedStatement ps = c.prepareStatement(query)) {
      int k = 1;
      for (CustomerId customer : customers) {
        ps.setString(k++, t);
        dialect.setId(ps, k++, customer.value());
        for (ChannelId ch : slice.channels()) {
          ps.setString(k++, ch.value());
        }
        for (TouchpointType type : slice.types()) {
          ps.setString(k++, type.value());
        }
        if (slice.conversation().isPresent()) {
          dialect.setId(ps, k++, slice.conversation().get().value());
        }
        if (slice.from().isPresent()) {
          dialect.setInstant(ps, k++, slice.from().get());
        }
        if (slice.until().isPresent()) {
          dialect.setInstant(ps, k++, slice.until().get());
        }
        if (slice.after().isPresent()) {
          TimelinePosition p = slice.after().get();
          dialect.setInstant(ps, k++, p.occurredAt());
          if (dialect.keysetParameters() == 3) {
            dialect.setInstant(ps, k++, p.occurredAt());
          }
          dialect.setId(ps, k++, p.id().value());
        }
        if (alone) {
          ps.setString(k++, t);
          dialect.setId(ps, k++, customer.value());
          ps.setString(k++, t);
          dialect.setId(ps, k++, customer.value());
        }
        ps.setInt(k++, slice.limit());
      }
      if (customers.size() > 1) {
        ps.setInt(k, slice.limit());
      }
      List<Touchpoint> out = new ArrayList<>(Math.min(slice.limit(), 512));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(touchpointFrom(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.map(e, "reading a timeline page");
    }
  }

  private static String placeholders(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "?" : ", ?");
    }
    return b.toString();
  }

  @Override
  public boolean updateStatus(TouchpointId id, @Nullable DeliveryStatus expected, DeliveryStatus next) {
    open();
    try {
      beginWrite();
      try (PreparedStatement ps = c.prepareStatement(expected == null ? sql.updateStatusFromNone : sql.updateStatus)) {
        ps.setString(1, next.name());
        ps.setString(2, t);
        dialect.setId(ps, 3, id.value());
        if (expected != null) {
          ps.setString(4, expected.name());
        }
        return ps.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw SqlErrors.map(e, "updating the status of touchpoint " + id);
    }
  }

  // ------------------------------------------------------------------ conversations

  @Override
  public Optional<Conversation> find(ConversationId id) {
    open();
    try (PreparedStatement ps = c.prepareStatement(sql.findConversation)) {
      ps.setString(1, t);
      dialect.setId(ps, 2, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(conversationFrom(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlErrors.map(e, "reading conversation " + id);
    }
  }

  private Conversation conversationFrom(ResultSet rs) throws SQLException {
    Iterator<JsonNode> channels = Json.read(rs.getString("channels")).elements();
    Conversation.Builder b = Conversation.builder(new ConversationId(dialect.id(rs, "id")),
        new CustomerId(dialect.id(rs, "customer_id")), ChannelId.of(channels.next().asText()),
        Participant.parse(rs.getString("owner")), dialect.instant(rs, "opened_at"));
    channels.forEachRemaining(n -> b.channel(ChannelId.of(n.asText())));
    Json.read(rs.getString("tags")).forEach(n -> b.tag(n.asText()));
    b.status(ConversationStatus.valueOf(rs.getString("status")))
        .topic(rs.getString("topic"))
        .priority(rs.getInt("priority"))
        .updatedAt(dialect.instant(rs, "updated_at"))
        .lastInboundAt(dialect.instant(rs, "last_inbound_at"))
        .firstResponseAt(dialect.instant(rs, "first_response_at"))
        .resolvedAt(dialect.instant(rs, "resolved_at"))
        .snoozedUntil(dialect.instant(rs, "snoozed_until"))
        .firstResponseDueAt(dialect.instant(rs, "first_response_due_at"))
        .resolutionDueAt(dialect.instant(rs, "resolution_due_at"))
        .version(rs.getLong("version"));
    String lastChannel = rs.getString("last_channel");
    if (lastChannel != null) {
      b.lastChannel(Values.channel(lastChannel));
    }
    String skills = rs.getString("skills");
    if (skills != null) {
      Json.read(skills).forEach(n -> b.skill(n.asText()));
    }
    return b.queuedAt(dialect.instant(rs, "queued_at"))
        .lastAgent(rs.getString("last_agent"), dialect.instant(rs, "last_agent_at"))
        .language(rs.getString("language"))
        .handoffPending(rs.getBoolean("handoff_pending"))
        .firstResponseBreached(rs.getBoolean("first_response_breached"))
        .resolutionBreached(rs.getBoolean("resolution_breached"))
        .build();
  }

  private static String jsonArray(Collection<String> values) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    values.forEach(a::add);
    return a.toString();
  }

  /** Binds the conversation's fields after id and customer, from {@code k}; returns the next index. */
  private int bindConversationState(PreparedStatement ps, int k, Conversation cv) throws SQLException {
    List<String> channels = new ArrayList<>();
    cv.channels().forEach(ch -> channels.add(ch.value()));
    ps.setString(k++, cv.status().name());
    ps.setString(k++, cv.owner().toString());
    ps.setString(k++, jsonArray(channels));
    ps.setString(k++, cv.topic().orElse(null));
    ps.setInt(k++, cv.priority());
    ps.setString(k++, jsonArray(cv.tags()));
    dialect.setInstant(ps, k++, cv.openedAt());
    dialect.setInstant(ps, k++, cv.updatedAt());
    dialect.setInstant(ps, k++, cv.lastInboundAt().orElse(null));
    dialect.setInstant(ps, k++, cv.firstResponseAt().orElse(null));
    dialect.setInstant(ps, k++, cv.resolvedAt().orElse(null));
    dialect.setInstant(ps, k++, cv.snoozedUntil().orElse(null));
    dialect.setInstant(ps, k++, cv.firstResponseDueAt().orElse(null));
    dialect.setInstant(ps, k++, cv.resolutionDueAt().orElse(null));
    ps.setLong(k++, cv.version());
    ps.setString(k++, cv.lastChannel().value());
    dialect.setInstant(ps, k++, cv.queuedAt().orElse(null));
    ps.setString(k++, cv.lastAgent().orElse(null));
    dialect.setInstant(ps, k++, cv.lastAgentAt().orElse(null));
    ps.setString(k++, jsonArray(cv.skills()));
    ps.setString(k++, cv.language().orElse(null));
    ps.setBoolean(k++, cv.handoffPending());
    ps.setBoolean(k++, cv.firstResponseBreached());
    ps.setBoolean(k++, cv.resolutionBreached());
    return k;
  }

  @Override
  public List<Conversation> findByCustomers(Collection<CustomerId> customers) {
    open();
    if (customers.isEmpty()) {
      return List.of();
    }
    List<CustomerId> ids = new ArrayList<>(new java.util.LinkedHashSet<>(customers));
    String q = "SELECT " + SqlText.CONVERSATION_COLUMNS + " FROM " + sql.conversations
        + " WHERE tenant = ? AND customer_id IN (" + placeholders(ids.size()) + ") ORDER BY opened_at DESC, id DESC";
    try (PreparedStatement ps = c.prepareStatement(q)) {
      int k = 1;
      ps.setString(k++, t);
      for (CustomerId id : ids) {
        dialect.setId(ps, k++, id.value());
      }
      List<Conversation> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(conversationFrom(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.map(e, "listing conversations");
    }
  }

  private void checkConversationLengths(Conversation cv) {
    checkLength("conversations.tenant", t);
    checkLength("conversations.owner", cv.owner().toString());
    cv.topic().ifPresent(x -> checkLength("conversations.topic", x));
  }

  @Override
  public void insert(Conversation conversation) {
    open();
    checkConversationLengths(conversation);
    try {
      beginWrite();
      try (PreparedStatement ps = c.prepareStatement(sql.insertConversation)) {
        ps.setString(1, t);
        dialect.setId(ps, 2, conversation.id().value());
        dialect.setId(ps, 3, conversation.customerId().value());
        bindConversationState(ps, 4, conversation);
        ps.executeUpdate();
      } catch (SQLException e) {
        if (SqlErrors.isUniqueViolation(e)) {
          throw new ConcurrentUpdateException("conversation " + conversation.id() + " already exists");
        }
        throw e;
      }
    } catch (SQLException e) {
      throw SqlErrors.map(e, "inserting conversation " + conversation.id());
    }
  }

  @Override
  public void update(Conversation conversation, long expectedVersion) {
    open();
    checkConversationLengths(conversation);
    try {
      beginWrite();
      try (PreparedStatement ps = c.prepareStatement(sql.updateConversation)) {
        dialect.setId(ps, 1, conversation.customerId().value());
        int k = bindConversationState(ps, 2, conversation);
        ps.setString(k++, t);
        dialect.setId(ps, k++, conversation.id().value());
        ps.setLong(k, expectedVersion);
        if (ps.executeUpdate() == 0) {
          throw staleVersion("conversation", sql.conversationVersion, conversation.id().value(), expectedVersion);
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.map(e, "updating conversation " + conversation.id());
    }
  }

  private List<Conversation> conversations(String where, Binder binder, String orderAndLimit) {
    String q = "SELECT " + SqlText.CONVERSATION_COLUMNS + " FROM " + sql.conversations + " WHERE tenant = ? AND "
        + where + orderAndLimit;
    try (PreparedStatement ps = c.prepareStatement(q)) {
      ps.setString(1, t);
      binder.bind(ps, 2);
      List<Conversation> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(conversationFrom(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqlErrors.map(e, "listing conversations");
    }
  }

  /** Binds the parameters after the tenant, from {@code k}. */
  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps, int k) throws SQLException;
  }

  private static final String ACTIVE = "status IN ('OPEN', 'PENDING', 'SNOOZED')";

  private static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was: " + limit);
    }
  }

  @Override
  public List<Conversation> findQueued(int limit) {
    open();
    requireLimit(limit);
    List<Conversation> out = conversations("queued_at IS NOT NULL AND status = 'OPEN'", (ps, k) -> ps.setInt(k, limit),
        " ORDER BY queued_at, id LIMIT ?");
    out.sort(Comparator.comparing((Conversation cv) -> cv.queuedAt().orElseThrow()).thenComparing(Conversation::id));
    return out;
  }

  @Override
  public List<Conversation> findActiveByOwner(Participant owner) {
    open();
    List<Conversation> out = conversations("owner = ? AND " + ACTIVE, (ps, k) -> ps.setString(k, owner.toString()), "");
    out.sort(Comparator.comparing(Conversation::openedAt).thenComparing(Conversation::id));
    return out;
  }

  @Override
  public List<Conversation> findSlaDue(Instant now, int limit) {
    open();
    requireLimit(limit);
    // A row's key is the earlier of its due times that apply. The first `limit` by key are among the
    // first `limit` of each due time, so two bounded, index-ordered reads suffice however many are due.
    Map<ConversationId, Conversation> candidates = new LinkedHashMap<>();
    for (Conversation cv : conversations(ACTIVE + " AND first_response_due_at <= ? AND first_response_at IS NULL"
        + " AND first_response_breached = FALSE", (ps, k) -> {
          dialect.setInstant(ps, k, now);
          ps.setInt(k + 1, limit);
        }, " ORDER BY first_response_due_at, id LIMIT ?")) {
      candidates.put(cv.id(), cv);
    }
    for (Conversation cv : conversations(ACTIVE + " AND resolution_due_at <= ? AND resolution_breached = FALSE",
        (ps, k) -> {
          dialect.setInstant(ps, k, now);
          ps.setInt(k + 1, limit);
        }, " ORDER BY resolution_due_at, id LIMIT ?")) {
      candidates.putIfAbsent(cv.id(), cv);
    }
    List<Conversation> out = new ArrayList<>(candidates.values());
    out.sort(Comparator.comparing((Conversation cv) -> slaKey(cv, now)).thenComparing(Conversation::id));
    return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
  }

  private static Instant slaKey(Conversation cv, Instant now) {
    Instant key = null;
    if (cv.firstResponseDueAt().isPresent() && !cv.firstResponseDueAt().get().isAfter(now)
        && cv.firstResponseAt().isEmpty() && !cv.firstResponseBreached()) {
      key = cv.firstResponseDueAt().get();
    }
    if (cv.resolutionDueAt().isPresent() && !cv.resolutionDueAt().get().isAfter(now) && !cv.resolutionBreached()) {
      Instant r = cv.resolutionDueAt().get();
      key = key == null || r.isBefore(key) ? r : key;
    }
    return key == null ? now : key;
  }

  @Override
  public List<Conversation> findSnoozeDue(Instant now, int limit) {
    open();
    requireLimit(limit);
    List<Conversation> out = conversations("status = 'SNOOZED' AND snoozed_until <= ?", (ps, k) -> {
      dialect.setInstant(ps, k, now);
      ps.setInt(k + 1, limit);
    }, " ORDER BY snoozed_until, id LIMIT ?");
    out.sort(Comparator.comparing((Conversation cv) -> cv.snoozedUntil().orElseThrow()).thenComparing(Conversation::id));
    return out;
  }

  // ------------------------------------------------------------------ agents

  @Override
  public AgentRepository agents() {
    return agentRepository;
  }

  @Override
  public WebhookTokenRepository webhookTokens() {
    return webhookTokens;
  }

  private final WebhookTokenRepository webhookTokens;

  private final AgentRepository agentRepository = new Agents();

  /**
   * Agents, kept whole as JSON beside their id and version.
   *
   * <p>Reads are repeatable within the unit of work: the first read of an agent fixes what later
   * reads here return (until this unit writes it). Routing reads an agent, counts its load, then
   * compare-and-sets the agent's version; under READ COMMITTED a second read could already show a
   * concurrent assignment's new version while the load was counted before it, and the CAS would
   * pass with a stale count. With the first-read version the CAS fails instead, and the service
   * retries.
   */
  private final class Agents implements AgentRepository {
    private final Map<String, Optional<Agent>> seen = new HashMap<>();

    @Override
    public Optional<Agent> find(String id) {
      open();
      Optional<Agent> known = seen.get(id);
      if (known != null) {
        return known;
      }
      Optional<Agent> read = read(id);
      seen.put(id, read);
      return read;
    }

    private Optional<Agent> read(String id) {
      try (PreparedStatement ps = c.prepareStatement("SELECT agent FROM " + sql.agents + " WHERE tenant = ? AND id = ?")) {
        ps.setString(1, t);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(RoutingJson.agent(rs.getString(1))) : Optional.empty();
        }
      } catch (SQLException e) {
        throw SqlErrors.map(e, "reading agent " + id);
      }
    }

    @Override
    public List<Agent> findAll() {
      open();
      try (PreparedStatement ps = c.prepareStatement("SELECT agent FROM " + sql.agents + " WHERE tenant = ?")) {
        ps.setString(1, t);
        List<Agent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Agent a = RoutingJson.agent(rs.getString(1));
            Optional<Agent> known = seen.get(a.id());
            if (known != null && known.isPresent()) {
              a = known.get();
            } else {
              seen.put(a.id(), Optional.of(a));
            }
            out.add(a);
          }
        }
        out.sort(Comparator.comparing(Agent::id)); // Java String order, whatever the database collation
        return out;
      } catch (SQLException e) {
        throw SqlErrors.map(e, "listing agents");
      }
    }

    @Override
    public void insert(Agent agent) {
      open();
      checkLength("agents.id", agent.id());
      try {
        beginWrite();
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO " + sql.agents + " (tenant, id, version, agent) VALUES (?, ?, ?, ?)")) {
          ps.setString(1, t);
          ps.setString(2, agent.id());
          ps.setLong(3, agent.version());
          ps.setString(4, RoutingJson.agent(agent));
          ps.executeUpdate();
          seen.put(agent.id(), Optional.of(agent));
        } catch (SQLException e) {
          if (SqlErrors.isUniqueViolation(e)) {
            throw new ConcurrentUpdateException("agent " + agent.id() + " already exists");
          }
          throw e;
        }
      } catch (SQLException e) {
        throw SqlErrors.map(e, "inserting agent " + agent.id());
      }
    }

    @Override
    public void update(Agent agent, long expectedVersion) {
      open();
      try {
        beginWrite();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.agents
            + " SET version = ?, agent = ? WHERE tenant = ? AND id = ? AND version = ?")) {
          ps.setLong(1, agent.version());
          ps.setString(2, RoutingJson.agent(agent));
          ps.setString(3, t);
          ps.setString(4, agent.id());
          ps.setLong(5, expectedVersion);
          if (ps.executeUpdate() == 1) {
            seen.put(agent.id(), Optional.of(agent));
            return;
          }
        }
        Optional<Agent> current = read(agent.id());
        throw new ConcurrentUpdateException(current.isEmpty() ? "agent " + agent.id() + " does not exist"
            : "agent " + agent.id() + " is at version " + current.get().version() + ", expected " + expectedVersion);
      } catch (SQLException e) {
        throw SqlErrors.map(e, "updating agent " + agent.id());
      }
    }
  }

  // ------------------------------------------------------------------ handoffs

  @Override
  public HandoffRepository handoffs() {
    return handoffRepository;
  }

  private final HandoffRepository handoffRepository = new Handoffs();

  /** Handoffs, kept whole as JSON beside the columns their queries use. */
  private final class Handoffs implements HandoffRepository {
    private List<Handoff> query(String where, Binder binder, String orderAndLimit) {
      try (PreparedStatement ps = c.prepareStatement("SELECT handoff FROM " + sql.handoffs + " WHERE tenant = ? AND "
          + where + orderAndLimit)) {
        ps.setString(1, t);
        binder.bind(ps, 2);
        List<Handoff> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(RoutingJson.handoff(rs.getString(1)));
          }
        }
        return out;
      } catch (SQLException e) {
        throw SqlErrors.map(e, "reading handoffs");
      }
    }

    @Override
    public Optional<Handoff> find(HandoffId id) {
      open();
      List<Handoff> found = query("id = ?", (ps, k) -> dialect.setId(ps, k, id.value()), "");
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<Handoff> findByConversation(ConversationId conversation) {
      open();
      List<Handoff> out = query("conversation_id = ?", (ps, k) -> dialect.setId(ps, k, conversation.value()), "");
      out.sort(Comparator.comparing(Handoff::offeredAt).thenComparing(Handoff::id).reversed());
      return out;
    }

    @Override
    public List<Handoff> findExpiring(Instant now, int limit) {
      open();
      requireLimit(limit);
      List<Handoff> out = query("status = 'OFFERED' AND expires_at <= ?", (ps, k) -> {
        dialect.setInstant(ps, k, now);
        ps.setInt(k + 1, limit);
      }, " ORDER BY expires_at, id LIMIT ?");
      out.sort(Comparator.comparing(Handoff::expiresAt).thenComparing(Handoff::id));
      return out;
    }

    @Override
    public void insert(Handoff handoff) {
      open();
      try {
        beginWrite();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql.handoffs
            + " (tenant, id, conversation_id, status, offered_at, expires_at, version, handoff) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, t);
          dialect.setId(ps, 2, handoff.id().value());
          dialect.setId(ps, 3, handoff.conversationId().value());
          ps.setString(4, handoff.status().name());
          dialect.setInstant(ps, 5, handoff.offeredAt());
          dialect.setInstant(ps, 6, handoff.expiresAt());
          ps.setLong(7, handoff.version());
          ps.setString(8, RoutingJson.handoff(handoff));
          ps.executeUpdate();
        } catch (SQLException e) {
          if (SqlErrors.isUniqueViolation(e)) {
            throw new ConcurrentUpdateException("handoff " + handoff.id() + " already exists");
          }
          throw e;
        }
      } catch (SQLException e) {
        throw SqlErrors.map(e, "inserting handoff " + handoff.id());
      }
    }

    @Override
    public void update(Handoff handoff, long expectedVersion) {
      open();
      try {
        beginWrite();
        // The accept race: one conditional UPDATE, exactly one caller sees a row change.
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.handoffs + " SET conversation_id = ?, status = ?, "
            + "offered_at = ?, expires_at = ?, version = ?, handoff = ? WHERE tenant = ? AND id = ? AND version = ?")) {
          dialect.setId(ps, 1, handoff.conversationId().value());
          ps.setString(2, handoff.status().name());
          dialect.setInstant(ps, 3, handoff.offeredAt());
          dialect.setInstant(ps, 4, handoff.expiresAt());
          ps.setLong(5, handoff.version());
          ps.setString(6, RoutingJson.handoff(handoff));
          ps.setString(7, t);
          dialect.setId(ps, 8, handoff.id().value());
          ps.setLong(9, expectedVersion);
          if (ps.executeUpdate() == 1) {
            return;
          }
        }
        Optional<Handoff> current = find(handoff.id());
        throw new ConcurrentUpdateException(current.isEmpty() ? "handoff " + handoff.id() + " does not exist"
            : "handoff " + handoff.id() + " is at version " + current.get().version() + ", expected " + expectedVersion);
      } catch (SQLException e) {
        throw SqlErrors.map(e, "updating handoff " + handoff.id());
      }
    }
  }

  // ------------------------------------------------------------------ merge journal

  /** The merge journal: records kept whole as JSON, indexed by every customer they name. */
  private final class Journal implements MergeJournal {
    @Override
    public void insert(MergeRecord record) {
      open();
      checkLength("merges.cause", record.cause());
      try {
        beginWrite();
        try (PreparedStatement ps = c.prepareStatement(sql.insertMerge)) {
          ps.setString(1, t);
          dialect.setId(ps, 2, record.id().value());
          dialect.setId(ps, 3, record.survivor().value());
          dialect.setInstant(ps, 4, record.mergedAt());
          dialect.setInstant(ps, 5, record.reversedAt().orElse(null));
          ps.setString(6, record.cause());
          ps.setString(7, CustomerJson.record(record));
          ps.executeUpdate();
        } catch (SQLException e) {
          if (SqlErrors.isUniqueViolation(e)) {
            throw new ConcurrentUpdateException("merge " + record.id() + " already exists");
          }
          throw e;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.insertMergeCustomer)) {
          for (CustomerId customer : record.customers()) {
            ps.setString(1, t);
            dialect.setId(ps, 2, customer.value());
            dialect.setId(ps, 3, record.id().value());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      } catch (SQLException e) {
        throw SqlErrors.map(e, "inserting merge " + record.id());
      }
    }

    @Override
    public Optional<MergeRecord> find(MergeId id) {
      open();
      try (PreparedStatement ps = c.prepareStatement(sql.findMerge)) {
        ps.setString(1, t);
        dialect.setId(ps, 2, id.value());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(mergeFrom(rs)) : Optional.empty();
        }
      } catch (SQLException e) {
        throw SqlErrors.map(e, "reading merge " + id);
      }
    }

    private MergeRecord mergeFrom(ResultSet rs) throws SQLException {
      return CustomerJson.record(new MergeId(dialect.id(rs, "id")), rs.getString("record"),
          Optional.ofNullable(dialect.instant(rs, "reversed_at")));
    }

    @Override
    public List<MergeRecord> findByCustomer(CustomerId customer) {
      open();
      try (PreparedStatement ps = c.prepareStatement(sql.mergesOfCustomer)) {
        ps.setString(1, t);
        dialect.setId(ps, 2, customer.value());
        List<MergeRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(mergeFrom(rs));
          }
        }
        out.sort(MergeRecord.JOURNAL_ORDER); // the database orders ids its way; make it exactly ours
        return out;
      } catch (SQLException e) {
        throw SqlErrors.map(e, "listing merges of customer " + customer);
      }
    }

    @Override
    public void markReversed(MergeId id, Instant at) {
      open();
      try {
        beginWrite();
        try (PreparedStatement ps = c.prepareStatement(sql.reverseMerge)) {
          dialect.setInstant(ps, 1, at);
          ps.setString(2, t);
          dialect.setId(ps, 3, id.value());
          if (ps.executeUpdate() == 1) {
            return;
          }
        }
        Optional<MergeRecord> current = find(id);
        if (current.isEmpty()) {
          throw new ConcurrentUpdateException("merge " + id + " does not exist");
        }
        throw new ConcurrentUpdateException("merge " + id + " was already reversed at " + current.get().reversedAt().orElse(null));
      } catch (SQLException e) {
        throw SqlErrors.map(e, "reversing merge " + id);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcTransaction[" + tenant + ", " + dialect + (writing ? ", writing" : "") + "]";
  }
}
