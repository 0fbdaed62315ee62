package io.github.omnictx.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.omnictx.core.IdGenerator;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.journey.BuiltInJourneys;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Three nodes, each a JVM of its own on this test's classpath, fire the abandoned-cart journey's
 * timers of many carts on PostgreSQL; one is killed with SIGKILL ({@code destroyForcibly}) while
 * it works. Every reminder due is decided once (one outbound decision, one idempotency key, per
 * cart and channel), none for a cart that was bought, and every run ends. A provider call the killed
 * node made but could not record is made again by the node that takes its row over, under the same
 * idempotency key (so the provider can drop it): the repeats are counted and bounded by what the
 * killed node had claimed (leases of 10 s, so a live node finishes its batch in time). 200 carts by
 * default, to keep the build quick on a small machine; {@code -Domni.crash.carts=10000} for the full size.
 */
class PostgresJourneyCrashTest {
  private static final int CARTS = Integer.getInteger("omni.crash.carts", 200);
  private static final java.util.regex.Pattern CART = java.util.regex.Pattern.compile("cart-[0-9]+");

  @Test
  void threeNodesOneKilledEveryReminderDueDecidedOnceNoneForBoughtCarts() throws Exception {
    // The nodes crash, not the database: sessions skip the wait for the WAL flush.
    String base = TestDatabases.postgresUrl();
    String url = base + (base.contains("?") ? "&" : "?") + "options=-c%20synchronous_commit%3Doff";
    String prefix = "jc" + UUID.randomUUID().toString().substring(0, 6) + "_";
    TenantId tenant = TenantId.of("crash");
    // Seeded twenty minutes in the past, so every timer is due when the nodes start.
    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
    JdbcStore store = JdbcStore.builder(new TinyPool(url)).tablePrefix(prefix).migrate(true).build();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + prefix + "crash_sends (node varchar(16), channel varchar(16), message_key varchar(64),"
          + " text varchar(400))");
    }
    OmniTenant seed = Omni.builder().store(store).clock(past).journey(BuiltInJourneys.abandonedCart()).build()
        .tenant(tenant);
    Set<String> bought = seed(store, seed, tenant, past);

    List<Process> nodes = new ArrayList<>();
    try {
      for (int n = 0; n < 3; n++) {
        nodes.add(start(url, prefix, tenant, "node-" + n));
      }
      int expected = 2 * (CARTS - bought.size());
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (count(url, "SELECT COUNT(*) FROM " + prefix + "crash_sends") < expected / 3 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      long atKill = count(url, "SELECT COUNT(*) FROM " + prefix + "crash_sends");
      nodes.get(0).destroyForcibly().waitFor();
      while (System.nanoTime() < deadline && (count(url, "SELECT COUNT(*) FROM " + prefix + "outbox WHERE tenant = 'crash'") > 0
          || count(url, "SELECT COUNT(*) FROM " + prefix + "journey_runs WHERE status = 'ACTIVE'") > 0)) {
        Thread.sleep(250);
      }

      Map<String, Set<String>> keysPerCartAndChannel = new HashMap<>();
      long calls = 0;
      long byKilled = 0;
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT node, channel, message_key, text FROM " + prefix + "crash_sends")) {
        while (rs.next()) {
          calls++;
          byKilled += rs.getString(1).equals("node-0") ? 1 : 0;
          java.util.regex.Matcher m = CART.matcher(rs.getString(4));
          String cart = m.find() ? m.group() : "no cart in: " + rs.getString(4);
          keysPerCartAndChannel.computeIfAbsent(cart + "/" + rs.getString(2), k -> new HashSet<>()).add(rs.getString(3));
        }
      }
      long distinct = keysPerCartAndChannel.values().stream().mapToLong(Set::size).sum();
      System.out.printf(Locale.ROOT, "[journey-crash] %,d carts (%,d bought), 3 nodes, node-0 killed at %,d of %,d sends;"
          + " %,d provider calls (%,d by node-0), %,d distinct messages, %,d repeated under their key%n",
          CARTS, bought.size(), atKill, expected, calls, byKilled, distinct, calls - distinct);

      assertThat(count(url, "SELECT COUNT(*) FROM " + prefix + "outbox WHERE tenant = 'crash'")).as("outbox drained").isZero();
      assertThat(count(url, "SELECT COUNT(*) FROM " + prefix + "journey_runs WHERE status = 'COMPLETED'"))
          .isEqualTo(CARTS - bought.size());
      assertThat(count(url, "SELECT COUNT(*) FROM " + prefix + "journey_runs WHERE status = 'EXITED'")).isEqualTo(bought.size());
      assertThat(count(url, "SELECT COUNT(*) FROM " + prefix + "outbound_decisions")).isEqualTo(expected);
      assertThat(keysPerCartAndChannel).hasSize(expected);
      assertThat(keysPerCartAndChannel.values()).as("one message per cart and channel").allSatisfy(k -> assertThat(k).hasSize(1));
      assertThat(keysPerCartAndChannel.keySet()).noneMatch(k -> bought.contains(k.substring(0, k.indexOf('/'))));
      assertThat(calls - distinct).as("repeats only of what the killed node had claimed").isLessThanOrEqualTo(2 * JourneyCrashNode.BATCH);
    } finally {
      nodes.forEach(Process::destroyForcibly);
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        for (String t : List.of("crash_sends", "journey_runs", "outbox", "outbound_decisions", "webhook_tokens", "handoffs",
            "agents", "touchpoints", "identities", "conversations", "customers", "merge_customers", "merges",
            "schema_history")) {
          s.execute("DROP TABLE IF EXISTS " + prefix + t + " CASCADE");
        }
      }
    }
  }

  /** Customers with consent for e-mail and push marketing, a cart each, every tenth bought; returns the bought carts. */
  private static Set<String> seed(JdbcStore store, OmniTenant shop, TenantId tenant, Clock past) {
    IdGenerator ids = IdGenerator.timeOrdered(past);
    Set<String> bought = new HashSet<>();
    for (int from = 0; from < CARTS; from += 100) {
      List<Customer> batch = new ArrayList<>();
      List<NewTouchpoint> carts = new ArrayList<>();
      List<NewTouchpoint> purchases = new ArrayList<>();
      Instant now = past.instant().truncatedTo(ChronoUnit.MICROS);
      for (int i = from; i < Math.min(CARTS, from + 100); i++) {
        Customer c = Customer.builder(new CustomerId(ids.next()), now).identity(Identity.email("crash" + i + "@example.com"))
            .identity(Identity.of(IdentityKind.DEVICE, "crash-device-" + i))
            .consent(new Consent(Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "seed", now))
            .consent(new Consent(Channels.PUSH.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "seed", now)).build();
        batch.add(c);
        String cart = "cart-" + i;
        carts.add(NewTouchpoint.builder(c.id(), Channels.WEB.id(), TouchpointType.CART_ABANDONED)
            .payload(JsonNodeFactory.instance.objectNode().put("cart", cart).put("items", cart)).build());
        if (i % 10 == 0) {
          bought.add(cart);
          purchases.add(NewTouchpoint.builder(c.id(), Channels.WEB.id(), TouchpointType.PURCHASE)
              .payload(JsonNodeFactory.instance.objectNode().put("cart", cart)).build());
        }
      }
      store.inTransaction(tenant, tx -> {
        batch.forEach(tx.customers()::insert);
        return null;
      });
      shop.timeline().recordAll(carts);
      shop.timeline().recordAll(purchases);
    }
    return bought;
  }

  private static Process start(String url, String prefix, TenantId tenant, String node) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        JourneyCrashNode.class.getName(), url, prefix, tenant.value(), node).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("ready")) {
      // start-up logging
    }
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // keep the pipe from filling up
        }
      } catch (java.io.IOException ignored) {
        // the node ended
      }
    });
    drain.setDaemon(true);
    drain.start();
    return p;
  }

  private static long count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
