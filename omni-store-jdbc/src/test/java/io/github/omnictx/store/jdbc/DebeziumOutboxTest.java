package io.github.omnictx.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.debezium.engine.format.KeyValueHeaderChangeEventFormat;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.OutboxClaims;
import io.github.omnictx.core.spi.TransactionWork;
import io.github.omnictx.core.testing.FakeProvider;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The scale-out path: Debezium's embedded engine, the PostgreSQL connector with the outbox
 * EventRouter transform, in this process, over Omni's outbox table configured as the README says.
 * Every committed intent arrives once, on the topic of its aggregate type and keyed by its customer;
 * a unit of work that rolled back after writing its outbox row streams nothing. Needs {@code
 * wal_level=logical} (the CI script and the embedded fallback set it); on a server without it the
 * test is skipped with a message saying so. Its replication slot and publication have names of
 * their own per run and are dropped at the end.
 */
class DebeziumOutboxTest {
  private static final String PREFIX = "omni_cdc_";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A store whose units of work fail after their work ran, while {@link #fail} is set: they roll back. */
  private static final class RollingBack implements OmniStore {
    private final OmniStore store;
    final AtomicBoolean fail = new AtomicBoolean();

    RollingBack(OmniStore store) {
      this.store = store;
    }

    @Override
    public <T> T inTransaction(TenantId tenant, TransactionWork<T> work) {
      return store.inTransaction(tenant, tx -> {
        T result = work.execute(tx);
        if (fail.get()) {
          throw new IllegalStateException("the unit of work fails after its writes, before commit");
        }
        return result;
      });
    }

    @Override
    public OutboxClaims outbox() {
      return store.outbox();
    }
  }

  @Test
  void everyCommittedIntentArrivesOnceRoutedByAggregateTypeKeyedByCustomerAndNothingRolledBack() throws Exception {
    String url = TestDatabases.postgresUrl();
    String walLevel = show(url, "wal_level");
    if (!"logical".equals(walLevel)) {
      System.err.println("[debezium] SKIPPED: the PostgreSQL server at the test URL runs with wal_level=" + walLevel
          + "; logical decoding needs wal_level=logical (.ci/run sets it)");
    }
    Assumptions.assumeTrue("logical".equals(walLevel), "wal_level is " + walLevel + ", not logical");

    RollingBack store = new RollingBack(JdbcStore.builder(new TinyPool(url)).tablePrefix(PREFIX).migrate(true).build());
    TenantId tenant = TenantId.of("cdc-" + UUID.randomUUID().toString().substring(0, 8));
    OmniTenant shop = Omni.builder().store(store).adapter(new FakeProvider("fake-sms", Channels.SMS.id()))
        .adapter(new FakeProvider("fake-email", Channels.EMAIL.id())).build().tenant(tenant);
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String slot = "omni_test_slot_" + suffix;
    String publication = "omni_test_pub_" + suffix;

    List<ChangeEvent<String, String>> received = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> engineFailure = new AtomicReference<>();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(
            KeyValueHeaderChangeEventFormat.of(Json.class, Json.class, Json.class))
        .using(connector(url, slot, publication))
        .using(new DebeziumEngine.ConnectorCallback() {
          @Override
          public void taskStarted() {
            started.countDown();
          }
        })
        .using((success, message, error) -> {
          if (!success) {
            engineFailure.set(error != null ? error : new IllegalStateException(message));
            started.countDown();
          }
        })
        .notifying((java.util.function.Consumer<ChangeEvent<String, String>>) received::add)
        .build();
    try {
      runner.execute(engine);
      assertThat(started.await(90, TimeUnit.SECONDS)).as("the connector started").isTrue();
      assertThat(engineFailure.get()).as("the engine's failure").isNull();

      List<Customer> customers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        customers.add(shop.customers().create(List.of(Identity.phone("+4915112" + (350000 + i)),
            Identity.email("c" + i + "@example.com")), Map.of("name", "Customer " + i)));
      }
      // The slot exists once the task streams; a first intent repeated until one arrives says so.
      awaitStreaming(shop, customers.get(0), received);
      received.clear();

      Map<String, String> committed = new HashMap<>(); // decision id -> customer id
      for (int i = 0; i < 40; i++) {
        Customer c = customers.get(i % customers.size());
        OutboundDecision d = shop.outbound().send(OutboundIntent.builder(c.id(), Purpose.TRANSACTIONAL, "cdc-" + i)
            .text("Order " + i + " ships today").channels(List.of(Channels.SMS.id(), Channels.EMAIL.id())).build());
        assertThat(d.outcome()).isEqualTo(OutboundDecision.Outcome.QUEUED);
        committed.put(d.id().toString(), c.id().toString());
      }
      store.fail.set(true);
      for (int i = 0; i < 5; i++) {
        int n = i;
        assertThatThrownBy(() -> shop.outbound().send(OutboundIntent.builder(customers.get(n).id(),
            Purpose.TRANSACTIONAL, "rolled-back-" + n).text("never").channels(List.of(Channels.SMS.id())).build()))
            .isInstanceOf(RuntimeException.class);
      }
      store.fail.set(false);
      // A last committed intent after the rolled-back ones: once it arrives, anything before it has.
      Customer last = customers.get(0);
      OutboundDecision marker = shop.outbound().send(OutboundIntent.builder(last.id(), Purpose.TRANSACTIONAL,
          "cdc-last").text("last").channels(List.of(Channels.SMS.id())).build());
      committed.put(marker.id().toString(), last.id().toString());

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (decisions(received).size() < committed.size() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(1_000); // room for a duplicate to show up

      Map<String, Integer> perDecision = new HashMap<>();
      Set<String> rowIds = new HashSet<>();
      for (ChangeEvent<String, String> r : received) {
        JsonNode payload = payload(r);
        String decision = payload.path("decision").asText();
        perDecision.merge(decision, 1, Integer::sum);
        assertThat(r.destination()).isEqualTo("outbox.event.outbound");
        assertThat(text(r.key())).isEqualTo(committed.getOrDefault(decision, "not committed: " + decision));
        assertThat(payload.path("customer").asText()).isEqualTo(text(r.key()));
        assertThat(header(r, "eventType")).isEqualTo("outbound.send");
        assertThat(header(r, "tenant")).isEqualTo(tenant.value());
        assertThat(payload.path("dedupKey").asText()).doesNotStartWith("rolled-back");
        rowIds.add(header(r, "id"));
      }
      System.out.printf("[debezium] %d committed intents, %d events received (%d distinct outbox rows), "
          + "5 rolled-back units of work, none of them received%n", committed.size(), received.size(), rowIds.size());
      assertThat(perDecision.keySet()).isEqualTo(committed.keySet());
      assertThat(perDecision.values()).containsOnly(1);
      assertThat(rowIds).hasSize(committed.size());
    } finally {
      try {
        engine.close();
      } catch (Exception alreadyStopped) {
        // a failed engine stopped itself; the slot goes all the same
      }
      runner.shutdown();
      runner.awaitTermination(30, TimeUnit.SECONDS);
      dropSlotAndPublication(url, slot, publication);
    }
  }

  private static void awaitStreaming(OmniTenant shop, Customer c, List<ChangeEvent<String, String>> received)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int i = 0; received.isEmpty(); i++) {
      assertThat(System.nanoTime()).as("a first event within a minute").isLessThan(deadline);
      shop.outbound().send(OutboundIntent.builder(c.id(), Purpose.TRANSACTIONAL, "warm-up-" + i).text("warm-up")
          .channels(List.of(Channels.SMS.id())).build());
      for (int w = 0; w < 20 && received.isEmpty(); w++) {
        Thread.sleep(100);
      }
    }
  }

  private static Set<String> decisions(List<ChangeEvent<String, String>> received) {
    Set<String> out = new HashSet<>();
    for (ChangeEvent<String, String> r : received) {
      out.add(payload(r).path("decision").asText());
    }
    return out;
  }

  /** The JSON converter's output, unwrapped from its {@code schema}/{@code payload} envelope if it has one. */
  private static JsonNode json(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      return n.isObject() && n.has("schema") && n.has("payload") ? n.get("payload") : n;
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static JsonNode payload(ChangeEvent<String, String> r) {
    JsonNode n = json(r.value());
    // The router expands the JSON column (table.expand.json.payload=true); without it the value is a string.
    return n.isTextual() ? json(n.asText()) : n;
  }

  private static String text(String json) {
    return json(json).asText();
  }

  private static String header(ChangeEvent<String, String> r, String name) {
    List<io.debezium.engine.Header<String>> headers = r.headers();
    String found = "";
    for (io.debezium.engine.Header<String> h : headers) {
      if (h.getKey().equals(name)) {
        found = h.getValue() == null ? "" : text(h.getValue());
      }
    }
    return found;
  }

  /** The README's connector settings, plus what an embedded engine in a test needs. */
  private static Properties connector(String jdbcUrl, String slot, String publication) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    Map<String, String> query = new HashMap<>();
    if (uri.getQuery() != null) {
      for (String kv : uri.getQuery().split("&")) {
        String[] p = kv.split("=", 2);
        query.put(p[0], p.length > 1 ? p[1] : "");
      }
    }
    Properties p = new Properties();
    p.setProperty("name", "omni-outbox-" + slot);
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
    p.setProperty("offset.flush.interval.ms", "1000");
    p.setProperty("database.hostname", uri.getHost());
    p.setProperty("database.port", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()));
    p.setProperty("database.user", query.getOrDefault("user", "postgres"));
    p.setProperty("database.password", query.getOrDefault("password", ""));
    p.setProperty("database.dbname", uri.getPath().substring(1));
    p.setProperty("topic.prefix", "omni-test");
    p.setProperty("snapshot.mode", "no_data");
    p.setProperty("slot.name", slot);
    p.setProperty("publication.name", publication);
    // As in the README:
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("table.include.list", "public." + PREFIX + "outbox");
    p.setProperty("publication.autocreate.mode", "filtered");
    p.setProperty("skipped.operations", "u,d,t");
    p.setProperty("transforms", "outbox");
    p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
    p.setProperty("transforms.outbox.table.expand.json.payload", "true");
    p.setProperty("transforms.outbox.table.fields.additional.placement", "type:header:eventType,tenant:header:tenant");
    p.setProperty("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    p.setProperty("value.converter.schemas.enable", "false");
    p.setProperty("converter.schemas.enable", "false");
    return p;
  }

  private static String show(String url, String setting) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW " + setting)) {
      r.next();
      return r.getString(1);
    }
  }

  private static void dropSlotAndPublication(String url, String slot, String publication) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP PUBLICATION IF EXISTS " + publication);
      // The engine's connection may take a moment to let go of the slot.
      for (int i = 0; i < 50; i++) {
        try (ResultSet r = s.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
          if (!r.next()) {
            return;
          }
          if (!r.getBoolean(1)) {
            s.execute("SELECT pg_drop_replication_slot('" + slot + "')");
            return;
          }
        }
        Thread.sleep(Duration.ofMillis(200).toMillis());
      }
      System.err.println("[debezium] replication slot " + slot + " still active; not dropped");
    }
  }
}
