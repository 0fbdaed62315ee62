package io.github.omnictx.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.RecordResult;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import io.github.omnictx.core.timeline.TouchpointType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC store adds to the storage contract, on each database: bad input refused with typed
 * errors and nothing written, a connection lost in the middle of a batch, payloads that round-trip
 * exactly, and migrations that run once however many nodes start together.
 */
abstract class JdbcStoreBehaviourTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MutableClock clock = MutableClock.atMondayMorning();

  /** @return a JDBC URL for this database */
  abstract String url();

  /** @return the dialect */
  abstract JdbcDialect dialect();

  /** Kills a connection's server session from the outside, as a crash or a network cut would. */
  abstract void kill(Connection victim) throws SQLException;

  /** The ALTER statement that narrows {@code <table>.<column>} to {@code VARCHAR(n)}. */
  abstract String narrow(String table, String column, int n);

  private static DataSource pool(String url) {
    return new TinyPool(url);
  }

  /** A store on freshly created tables under {@code prefix}. */
  private JdbcStore freshStore(String prefix, DataSource ds) throws SQLException {
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      for (String table : List.of("poll_cursors", "journey_runs", "privacy_erasures", "privacy_tombstones", "outbox", "outbound_decisions", "webhook_tokens", "handoffs", "agents", "touchpoints", "identities", "conversations", "customers", "merge_customers", "merges", "schema_history")) {
        s.execute("DROP TABLE IF EXISTS " + prefix + table);
      }
    }
    return JdbcStore.builder(ds).dialect(dialect()).tablePrefix(prefix).migrate(true).batchSize(50).build();
  }

  private OmniTenant shop(JdbcStore store) {
    return Omni.builder().store(store).clock(clock).build().tenant(TenantId.of("t-" + UUID.randomUUID()));
  }

  private static List<NewTouchpoint> batch(Customer c, int n, String prefix) {
    List<NewTouchpoint> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(NewTouchpoint.builder(c.id(), Channels.STORE.id(), TouchpointType.PURCHASE).externalId(prefix + i).build());
    }
    return out;
  }

  private static int count(OmniTenant shop, Customer c) {
    return shop.timeline().page(TimelineQuery.forCustomer(c.id()).pageSize(TimelineQuery.MAX_PAGE_SIZE).build()).items().size();
  }

  @Test
  void payloadRoundTripsExactly() throws Exception {
    JdbcStore store = freshStore("omni_rt_", pool(url()));
    OmniTenant shop = shop(store);
    Customer anna = shop.customers().create(List.of(), Map.of());
    ObjectNode payload = (ObjectNode) JSON.readTree("{\"big\":123456789012345678901234567890,\"long\":9007199254740993,"
        + "\"d\":2.5,\"e7\":1.0E7,\"tiny\":1.5E-9,\"neg\":-0.125,\"emoji\":\"\\ud83d\\ude00 \u00fc \u2705\","
        + "\"esc\":\"quote \\\" backslash \\\\ newline \\n tab \\t\",\"arr\":[1,[2,{\"x\":null}],false],\"empty\":{}}");
    RecordResult r = shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.WEB_CHAT.id(), TouchpointType.MESSAGE)
        .payload(payload).build());
    assertThat(shop.timeline().get(r.touchpoint().id()).payload()).isEqualTo(payload);
  }

  @Test
  void payloadThatIsNotJsonIsRefusedAndNothingIsWritten() throws Exception {
    JdbcStore store = freshStore("omni_bad_", pool(url()));
    OmniTenant shop = shop(store);
    Customer anna = shop.customers().create(List.of(), Map.of());
    ObjectNode notJson = JSON.createObjectNode().put("total", 10).set("ratio", DoubleNode.valueOf(Double.NaN));
    // Refused by the value type while the batch is built (issue 9: every store answers alike), so
    // an IllegalArgumentException now, where the JDBC store used to answer InvalidInputException.
    assertThatThrownBy(() -> shop.timeline().recordAll(List.of(
        NewTouchpoint.builder(anna.id(), Channels.SMS.id(), TouchpointType.MESSAGE).externalId("ok").build(),
        NewTouchpoint.builder(anna.id(), Channels.SMS.id(), TouchpointType.MESSAGE).externalId("nan").payload(notJson).build())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload.ratio");
    assertThat(count(shop, anna)).isZero();
  }

  @Test
  void stringLongerThanItsColumnIsRefusedByNameAndNothingIsWritten() throws Exception {
    DataSource ds = pool(url());
    JdbcStore before = freshStore("omni_narrow_", ds);
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      s.execute(narrow("omni_narrow_touchpoints", "external_id", 16));
    }
    JdbcStore after = JdbcStore.builder(ds).dialect(dialect()).tablePrefix("omni_narrow_").build();
    OmniTenant shop = shop(after);
    Customer anna = shop.customers().create(List.of(), Map.of());
    String tooLong = "wamid.0123456789abcdef";

    // The store knows the column's width and names it.
    assertThatThrownBy(() -> shop.timeline().recordAll(List.of(
        NewTouchpoint.builder(anna.id(), Channels.WHATSAPP.id(), TouchpointType.MESSAGE).externalId("short").build(),
        NewTouchpoint.builder(anna.id(), Channels.WHATSAPP.id(), TouchpointType.MESSAGE).externalId(tooLong).build())))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("external_id"));
    // A store that read the schema before it changed: the database refuses, with the same type.
    OmniTenant stale = Omni.builder().store(before).clock(clock).build().tenant(shop.id());
    assertThatThrownBy(() -> stale.timeline().recordAll(List.of(
        NewTouchpoint.builder(anna.id(), Channels.WHATSAPP.id(), TouchpointType.MESSAGE).externalId("short").build(),
        NewTouchpoint.builder(anna.id(), Channels.WHATSAPP.id(), TouchpointType.MESSAGE).externalId(tooLong).build())))
        .isInstanceOf(InvalidInputException.class);
    assertThat(count(shop, anna)).isZero();
  }

  /** Every message in an exception's chain, suppressed ones and SQL next-exceptions included. */
  private static String everyMessage(Throwable t) {
    StringBuilder out = new StringBuilder();
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>(List.of(t));
    while (!todo.isEmpty()) {
      Throwable x = todo.pop();
      if (!seen.add(x)) {
        continue;
      }
      out.append(x).append('\n');
      if (x.getCause() != null) {
        todo.push(x.getCause());
      }
      todo.addAll(List.of(x.getSuppressed()));
      if (x instanceof SQLException sql && sql.getNextException() != null) {
        todo.push(sql.getNextException());
      }
    }
    return out.toString();
  }

  @Test
  void driverMessagesQuotingRowValuesReachNoExceptionNorItsCauses() throws Exception {
    DataSource ds = pool(url());
    JdbcStore before = freshStore("omni_pii_", ds);
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      s.execute(narrow("omni_pii_touchpoints", "external_id", 16));
    }
    OmniTenant stale = Omni.builder().store(before).clock(clock).build().tenant(TenantId.of("t-" + UUID.randomUUID()));
    Customer anna = stale.customers().create(List.of(), Map.of());
    ObjectNode personal = JSON.createObjectNode().put("text", "my card is 4111 2222 3333 4444")
        .put("email", "anna.secret@example.com");
    List<Throwable> thrown = new ArrayList<>();
    // a value too long for the column (narrowed behind the store's back): pgjdbc repeats the batch
    // with all its values, H2 quotes the value
    thrown.add(org.assertj.core.api.Assertions.catchThrowable(() -> stale.timeline().recordAll(List.of(
        NewTouchpoint.builder(anna.id(), Channels.SMS.id(), TouchpointType.MESSAGE).externalId("short")
            .payload(personal).build(),
        NewTouchpoint.builder(anna.id(), Channels.SMS.id(), TouchpointType.MESSAGE)
            .externalId("anna.secret@example.com").payload(personal).build()))));
    // a row for a customer the tenant does not have: a foreign key the database enforces
    Touchpoint orphan = Touchpoint.builder().id(new TouchpointId(UUID.randomUUID())).customerId(
            new io.github.omnictx.core.customer.CustomerId(UUID.randomUUID())).channel(Channels.SMS.id())
        .type(TouchpointType.MESSAGE).direction(Direction.INBOUND).occurredAt(clock.instant()).externalId("o-1")
        .payload(personal).build();
    thrown.add(org.assertj.core.api.Assertions.catchThrowable(() -> before.inTransaction(stale.id(),
        tx -> tx.touchpoints().appendAll(List.of(orphan, orphan.toBuilder().id(new TouchpointId(UUID.randomUUID()))
            .externalId("o-2").build())))));
    // one e-mail for two customers: the unique key refuses it ("Duplicate entry 'anna.secret@…'")
    Identity email = Identity.email("anna.secret@example.com");
    thrown.add(org.assertj.core.api.Assertions.catchThrowable(() -> before.inTransaction(stale.id(), tx -> {
      tx.customers().insert(Customer.builder(new io.github.omnictx.core.customer.CustomerId(UUID.randomUUID()),
          clock.instant()).identity(email).build());
      tx.customers().insert(Customer.builder(new io.github.omnictx.core.customer.CustomerId(UUID.randomUUID()),
          clock.instant()).identity(email).build());
      return null;
    })));

    assertThat(thrown).hasSize(3).allSatisfy(t -> {
      assertThat(t).isInstanceOf(io.github.omnictx.core.OmniException.class);
      assertThat(everyMessage(t)).doesNotContain("anna.secret", "4111", "example.com");
    });
    assertThat(thrown.get(0)).isInstanceOf(InvalidInputException.class).hasMessageContaining("longer than");
    assertThat(thrown.get(1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("SQLState 23");
    assertThat(thrown.get(2)).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(count(stale, anna)).isZero();
  }

  @Test
  void recordsOfAnotherTenantCannotBeReferencedOrChanged() throws Exception {
    JdbcStore store = freshStore("omni_tenant_", pool(url()));
    OmniTenant a = shop(store);
    OmniTenant b = shop(store);
    Customer anna = a.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    Touchpoint foreign = Touchpoint.builder().id(new TouchpointId(UUID.randomUUID())).customerId(anna.id())
        .channel(Channels.SMS.id()).type(TouchpointType.MESSAGE).direction(Direction.INBOUND).occurredAt(clock.instant())
        .externalId("x-1").build();

    assertThatThrownBy(() -> store.inTransaction(b.id(), tx -> tx.touchpoints().append(foreign)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> store.inTransaction(b.id(), tx -> {
      tx.customers().update(anna.toBuilder().attribute("name", "Mallory").version(1).build(), 0);
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("does not exist");
    assertThat(a.customers().get(anna.id())).isEqualTo(anna);
    Optional<Touchpoint> inA = store.inTransaction(a.id(), tx -> tx.touchpoints().findByExternalId(Channels.SMS.id(), "x-1"));
    assertThat(inA).isEmpty();
    Optional<Touchpoint> inB = store.inTransaction(b.id(), tx -> tx.touchpoints().findByExternalId(Channels.SMS.id(), "x-1"));
    assertThat(inB).isEmpty();
  }

  @Test
  void staleConversationVersionIsRefusedAndNothingChanges() throws Exception {
    JdbcStore store = freshStore("omni_stale_", pool(url()));
    OmniTenant shop = shop(store);
    Customer anna = shop.customers().create(List.of(), Map.of());
    Conversation c = Conversation.builder(new ConversationId(UUID.randomUUID()), anna.id(), Channels.WEB_CHAT.id(),
        Participant.bot("faq"), clock.instant()).build();
    store.inTransaction(shop.id(), tx -> {
      tx.conversations().insert(c);
      tx.conversations().update(c.toBuilder().priority(5).version(1).build(), 0);
      return null;
    });
    assertThatThrownBy(() -> store.inTransaction(shop.id(), tx -> {
      tx.conversations().update(c.toBuilder().owner(Participant.agent(AgentId.of("mallory"))).version(1).build(), 0);
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("is at version 1, expected 0");
    assertThat(store.inTransaction(shop.id(), tx -> tx.conversations().find(c.id())).orElseThrow().owner())
        .isEqualTo(Participant.bot("faq"));
  }

  @Test
  void connectionLostMidBatchWritesNothingAndTheResentBatchRecordsEachOnce() throws Exception {
    JdbcStore healthy = freshStore("omni_fault_", pool(url()));
    AtomicInteger batches = new AtomicInteger();
    DataSource killing = killingOnSecondBatch(pool(url()), batches);
    JdbcStore doomed = JdbcStore.builder(killing).dialect(dialect()).tablePrefix("omni_fault_").batchSize(50).build();
    OmniTenant shop = shop(healthy);
    Customer anna = shop.customers().create(List.of(), Map.of());
    List<NewTouchpoint> rows = batch(anna, 180, "pos-");

    OmniTenant viaDoomed = Omni.builder().store(doomed).clock(clock).build().tenant(shop.id());
    assertThatThrownBy(() -> viaDoomed.timeline().recordAll(rows)).isInstanceOf(StoreException.class);
    assertThat(batches.get()).isGreaterThanOrEqualTo(2);
    assertThat(count(shop, anna)).isZero();

    List<RecordResult> resent = shop.timeline().recordAll(rows);
    assertThat(resent).noneMatch(RecordResult::duplicate);
    List<RecordResult> again = shop.timeline().recordAll(rows);
    assertThat(again).allMatch(RecordResult::duplicate);
    assertThat(again).extracting(r -> r.touchpoint().id())
        .containsExactlyElementsOf(resent.stream().map(r -> r.touchpoint().id()).toList());
    assertThat(count(shop, anna)).isEqualTo(180);
  }

  @Test
  void retryingABatchThatCommittedCostsALookupPerChunkNotAStatementPerRow() throws Exception {
    AtomicInteger executions = new AtomicInteger();
    JdbcStore store = freshStore("omni_retry_", counting(pool(url()), executions));
    OmniTenant shop = shop(store);
    Customer anna = shop.customers().create(List.of(), Map.of());
    List<NewTouchpoint> rows = batch(anna, 500, "r-");
    List<RecordResult> first = shop.timeline().recordAll(rows);

    executions.set(0);
    List<RecordResult> again = shop.timeline().recordAll(rows);

    assertThat(again).allMatch(RecordResult::duplicate);
    assertThat(again).extracting(r -> r.touchpoint().id())
        .containsExactlyElementsOf(first.stream().map(r -> r.touchpoint().id()).toList());
    // 10 chunks of 50: per chunk the batch that meets the stored rows and one look-up, plus the
    // unit of work's own reads; it used to be a statement per row on H2 and MariaDB, and on
    // PostgreSQL the chunk was sent a second time
    assertThat(executions.get()).isLessThanOrEqualTo(2 * 10 + 3);
    assertThat(count(shop, anna)).isEqualTo(500);

    // a retry that meets some rows stored and some not writes the new ones and reports the others
    List<NewTouchpoint> mixed = new ArrayList<>(rows.subList(0, 120));
    mixed.addAll(batch(anna, 60, "r-new-"));
    List<RecordResult> m = shop.timeline().recordAll(mixed);
    assertThat(m.subList(0, 120)).allMatch(RecordResult::duplicate);
    assertThat(m.subList(120, 180)).noneMatch(RecordResult::duplicate);
    for (RecordResult r : m.subList(120, 180)) {
      assertThat(shop.timeline().findByExternalId(Channels.STORE.id(), r.touchpoint().externalId().orElseThrow()))
          .contains(r.touchpoint());
    }
  }

  /** Wraps a data source so that every execution of a prepared statement is counted. */
  private DataSource counting(DataSource inner, AtomicInteger executions) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (p, m, a) -> {
          Object r = invoke(inner, m, a);
          if (!m.getName().equals("getConnection")) {
            return r;
          }
          Connection conn = (Connection) r;
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p2, m2, a2) -> {
            Object r2 = invoke(conn, m2, a2);
            if (!m2.getName().equals("prepareStatement")) {
              return r2;
            }
            PreparedStatement ps = (PreparedStatement) r2;
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (p3, m3, a3) -> {
                  if (m3.getName().startsWith("execute")) {
                    executions.incrementAndGet();
                  }
                  return invoke(ps, m3, a3);
                });
          });
        });
  }

  /** Wraps a data source so that the second JDBC batch sent finds its connection killed. */
  private DataSource killingOnSecondBatch(DataSource inner, AtomicInteger batches) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (p, m, a) -> {
          Object r = invoke(inner, m, a);
          if (!m.getName().equals("getConnection")) {
            return r;
          }
          Connection conn = (Connection) r;
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p2, m2, a2) -> {
            Object r2 = invoke(conn, m2, a2);
            if (!m2.getName().equals("prepareStatement")) {
              return r2;
            }
            PreparedStatement ps = (PreparedStatement) r2;
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (p3, m3, a3) -> {
                  if (m3.getName().equals("executeBatch") && batches.incrementAndGet() == 2) {
                    kill(conn);
                  }
                  return invoke(ps, m3, a3);
                });
          });
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void connectionInTheApplicationsTransactionIsRefusedAndItsWorkIsKept() throws Exception {
    JdbcStore plain = freshStore("omni_apptx_", pool(url()));
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS omni_apptx_orders");
      s.execute("CREATE TABLE omni_apptx_orders (id INTEGER NOT NULL PRIMARY KEY)");
    }
    try (Connection app = DriverManager.getConnection(url())) {
      // The application's own transaction, with an uncommitted insert, as a transaction-aware
      // DataSource proxy would hand it out (closing it does not end the transaction).
      app.setAutoCommit(false);
      try (Statement s = app.createStatement()) {
        s.executeUpdate("INSERT INTO omni_apptx_orders (id) VALUES (42)");
      }
      DataSource bound = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
          (proxy, m, args) -> m.getName().equals("getConnection") ? keepOpen(app) : invoke(pool(url()), m, args));
      JdbcStore store = JdbcStore.builder(bound).dialect(dialect()).tablePrefix("omni_apptx_").build();
      OmniTenant shop = shop(store);
      assertThatThrownBy(() -> shop.customers().create(List.of(), Map.of()))
          .isInstanceOf(StoreException.class).hasMessageContaining("already in a transaction");
      assertThat(app.getAutoCommit()).isFalse();
      app.commit();
    }
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM omni_apptx_orders WHERE id = 42")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the application's insert survives Omni's refusal").isEqualTo(1);
    }
    assertThat(plain.dialect()).isEqualTo(dialect());
  }

  /** A view of {@code c} whose close() does nothing, like a connection bound to a running transaction. */
  private static Connection keepOpen(Connection c) {
    return (Connection) Proxy.newProxyInstance(JdbcStoreBehaviourTest.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, m, args) -> m.getName().equals("close") ? null : invoke(c, m, args));
  }

  @Test
  void migrationThatFailedPartWayCompletesWhenRunAgain() throws Exception {
    String prefix = "omni_rerun_";
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      for (String table : List.of("poll_cursors", "journey_runs", "privacy_erasures", "privacy_tombstones", "outbox", "outbound_decisions", "webhook_tokens", "handoffs", "agents", "touchpoints", "identities", "conversations", "customers", "merge_customers", "merges", "schema_history")) {
        s.execute("DROP TABLE IF EXISTS " + prefix + table);
      }
    }
    // A crash after part of each version: its statements ran (on H2 and MariaDB they outlive the
    // failed migration; on PostgreSQL the rollback takes them back), but no version was recorded.
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      boolean transactionalDdl = dialect() == JdbcDialect.POSTGRESQL;
      c.setAutoCommit(!transactionalDdl);
      for (int round = 0; round < (transactionalDdl ? 1 : 2); round++) {
        for (JdbcSchema.Migration m : JdbcSchema.export(dialect(), prefix)) {
          for (String statement : m.statements()) {
            s.execute(statement);
          }
        }
      }
      if (transactionalDdl) {
        c.rollback();
      }
    }
    DataSource ds = pool(url());
    assertThat(JdbcSchema.migrate(ds, dialect(), prefix)).containsExactlyElementsOf(everyVersion());
    assertThat(JdbcSchema.migrate(ds, dialect(), prefix)).isEmpty();
    OmniTenant shop = shop(JdbcStore.builder(ds).dialect(dialect()).tablePrefix(prefix).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.SMS.id(), TouchpointType.MESSAGE).externalId("m1").build());
    assertThat(count(shop, anna)).isEqualTo(1);
  }

  @Test
  void isolationIsSwitchedOnlyForWritesAndOnlyWhenNotReadCommittedAlready() throws Exception {
    TinyPool real = new TinyPool(url());
    JdbcStore plain = freshStore("omni_iso_", real);
    List<Integer> switches = new ArrayList<>();
    boolean[] presetReadCommitted = {false};
    DataSource watched = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, m, args) -> {
          if (!m.getName().equals("getConnection")) {
            return invoke(real, m, args);
          }
          Connection c = real.getConnection();
          c.setTransactionIsolation(presetReadCommitted[0] ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_REPEATABLE_READ);
          return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
              (p2, m2, args2) -> {
                if (m2.getName().equals("setTransactionIsolation")) {
                  switches.add((Integer) args2[0]);
                }
                return invoke(c, m2, args2);
              });
        });
    OmniTenant shop = shop(JdbcStore.builder(watched).dialect(dialect()).tablePrefix("omni_iso_").build());
    boolean forced = dialect() == JdbcDialect.MARIADB;

    Customer anna = shop.customers().create(List.of(), Map.of());
    assertThat(switches).as("a write on a REPEATABLE READ connection")
        .isEqualTo(forced ? List.of(Connection.TRANSACTION_READ_COMMITTED, Connection.TRANSACTION_REPEATABLE_READ) : List.of());
    switches.clear();
    assertThat(shop.customers().find(anna.id())).isPresent();
    assertThat(switches).as("read-only work").isEmpty();
    presetReadCommitted[0] = true;
    shop.customers().create(List.of(), Map.of());
    assertThat(switches).as("a write on a connection the pool keeps at READ COMMITTED").isEmpty();
    assertThat(plain.dialect()).isEqualTo(dialect());
  }

  /** Every schema version, from 1 up without gaps, however many there are. */
  private List<Integer> everyVersion() {
    return JdbcSchema.export(dialect(), "omni_").stream().map(JdbcSchema.Migration::version).toList();
  }

  @Test
  void nodesMigratingTogetherApplyEachVersionOnce() throws Exception {
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      for (String table : List.of("poll_cursors", "journey_runs", "privacy_erasures", "privacy_tombstones", "outbox", "outbound_decisions", "webhook_tokens", "handoffs", "agents", "touchpoints", "identities", "conversations", "customers", "merge_customers", "merges", "schema_history")) {
        s.execute("DROP TABLE IF EXISTS omni_race_" + table);
      }
    }
    DataSource ds = pool(url());
    List<Object> results = race(4, () -> JdbcSchema.migrate(ds, dialect(), "omni_race_"));
    assertThat(results).noneMatch(r -> r instanceof Throwable);
    assertThat(results).filteredOn(r -> !((List<?>) r).isEmpty()).containsExactly(everyVersion());
    assertThat(JdbcSchema.migrate(ds, dialect(), "omni_race_")).isEmpty();
    JdbcStore store = JdbcStore.builder(ds).tablePrefix("omni_race_").build();
    assertThat(store.dialect()).isEqualTo(dialect());
  }

  private static List<Object> race(int threads, java.util.concurrent.Callable<?> task) throws InterruptedException {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<Object> out = new ArrayList<>();
      for (java.util.concurrent.Future<?> f : futures) {
        try {
          out.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          out.add(e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
