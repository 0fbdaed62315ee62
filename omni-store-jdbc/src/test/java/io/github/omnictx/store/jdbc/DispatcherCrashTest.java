package io.github.omnictx.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundIntent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Crash safety with real processes on PostgreSQL: three dispatcher JVMs ({@link CrashNode}) drain
 * 10,000 intents sent to a {@link MockWebServer} acting as the SMS provider; one node is killed with
 * SIGKILL ({@link Process#destroyForcibly()}) mid-run and restarted. At the end every intent is sent,
 * and the provider saw at most one request per (intent, step) — except for the one call the killed
 * node may have had in flight: the provider answered it, the node died before recording the answer,
 * and the row came back when its lease ran out. That request and its repeat carry the same
 * idempotency key (the step's touchpoint id), which the provider, like real ones, answers with the
 * message it already has instead of sending again, so the customer gets one message.
 */
class DispatcherCrashTest {
  private static final String PREFIX = "omni_crash_";
  private static final int INTENTS = Integer.getInteger("omni.crash.intents", 10_000);
  private static final int CUSTOMERS = 100;
  private static final int KILL_AT = INTENTS * 3 / 10;
  private static final long LEASE_MS = 10_000;
  /** Dispatcher loops per node, each with at most one provider call open. */
  private static final int LOOPS = 2;

  /** One request the provider saw. */
  private record Hit(String node, long atNanos) {}

  /** The mock provider: records every request by idempotency key; a repeated key gets the same message id. */
  private static final class Provider extends Dispatcher {
    final Map<String, List<Hit>> hits = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      String key = request.getHeader(HttpSmsProvider.KEY_HEADER);
      String node = request.getHeader(HttpSmsProvider.NODE_HEADER);
      if (key == null || node == null) {
        return new MockResponse().setResponseCode(400).setBody("no idempotency key");
      }
      hits.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(new Hit(node, System.nanoTime()));
      requests.incrementAndGet();
      Thread.sleep(1); // a provider takes a moment: the kill can land while a call is open
      return new MockResponse().setBody("prov-" + key);
    }
  }

  /** A dispatcher JVM and its output. */
  private static final class Node {
    final String id;
    final Process process;
    final CountDownLatch ready = new CountDownLatch(1);
    final List<String> output = new CopyOnWriteArrayList<>();

    Node(String id, List<String> command) throws IOException {
      this.id = id;
      this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("ready ")) {
              ready.countDown();
            }
            output.add(line);
          }
        } catch (IOException ignored) {
          // the process died
        }
      }, "crash-node-output-" + id);
      reader.setDaemon(true);
      reader.start();
    }
  }

  private static Node start(String id, String url, String tenant, String provider) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), CrashNode.class.getName(),
        url, PREFIX, tenant, id, provider, Long.toString(LEASE_MS), Integer.toString(LOOPS));
    return new Node(id, command);
  }

  @Test
  void threeNodesOneKilledMidRunSendEveryIntentAndRepeatOnlyTheCallInFlightAtTheKill() throws Exception {
    long started = System.nanoTime();
    // What is killed is a dispatcher, not the database: its sessions need not wait for the WAL flush,
    // which on a slow disk would take most of the run (a commit is visible to others either way).
    String base = TestDatabases.postgresUrl();
    String url = base + (base.contains("?") ? "&" : "?") + "options=-c%20synchronous_commit%3Doff";
    JdbcStore store = JdbcStore.builder(new TinyPool(url)).tablePrefix(PREFIX).migrate(true).build();
    TenantId tenant = TenantId.of("crash-" + UUID.randomUUID().toString().substring(0, 8));
    Provider provider = new Provider();
    List<Node> nodes = new ArrayList<>();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(provider);
      server.start();
      String providerUrl = server.url("/messages").toString();
      OmniTenant shop = Omni.builder().store(store).adapter(new HttpSmsProvider(providerUrl, "sender")).build()
          .tenant(tenant);
      List<Customer> customers = new ArrayList<>();
      for (int i = 0; i < CUSTOMERS; i++) {
        customers.add(shop.customers().create(List.of(Identity.phone("+4915112" + (340000 + i))),
            Map.of("name", "Customer " + i)));
      }
      for (String id : List.of("node-1", "node-2", "node-3")) {
        nodes.add(start(id, url, tenant.value(), providerUrl));
      }
      for (Node n : nodes) {
        assertThat(n.ready.await(60, TimeUnit.SECONDS)).as("%s started: %s", n.id, n.output).isTrue();
      }

      ExecutorService senders = Executors.newFixedThreadPool(4);
      AtomicInteger queued = new AtomicInteger();
      List<Future<?>> sending = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        sending.add(senders.submit(() -> {
          for (int i = first; i < INTENTS; i += 4) {
            OutboundDecision d = shop.outbound().send(OutboundIntent.builder(customers.get(i % CUSTOMERS).id(),
                Purpose.TRANSACTIONAL, "order-" + i).text("Order " + i + " ships today")
                .channels(List.of(Channels.SMS.id())).build());
            if (d.outcome() == OutboundDecision.Outcome.QUEUED) {
              queued.incrementAndGet();
            }
          }
          return null;
        }));
      }

      // Kill node-1 while it is sending, then start it again as a new incarnation.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
      while (provider.requests.get() < KILL_AT && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Node victim = nodes.get(0);
      int seenAtKill = provider.requests.get();
      long node1Before = countFrom(provider, "node-1");
      victim.process.destroyForcibly();
      assertThat(victim.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long killedAt = System.nanoTime();
      int exit = victim.process.exitValue();
      Thread.sleep(300);
      Node reborn = start("node-1b", url, tenant.value(), providerUrl);
      nodes.add(reborn);
      assertThat(reborn.ready.await(60, TimeUnit.SECONDS)).as("node-1b started: %s", reborn.output).isTrue();

      for (Future<?> f : sending) {
        f.get(600, TimeUnit.SECONDS);
      }
      senders.shutdown();
      double sendingSeconds = (System.nanoTime() - started) / 1e9;
      assertThat(queued.get()).isEqualTo(INTENTS);

      while ((provider.hits.size() < INTENTS || outboxRows(url, tenant) > 0) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      for (Node n : nodes.subList(1, nodes.size())) {
        n.process.getOutputStream().close(); // the node's cue to close its dispatcher and exit
      }
      for (Node n : nodes.subList(1, nodes.size())) {
        assertThat(n.process.waitFor(30, TimeUnit.SECONDS)).as("%s stopped", n.id).isTrue();
      }

      // The counts.
      Map<String, Long> perNode = new java.util.TreeMap<>();
      provider.hits.values().forEach(l -> l.forEach(h -> perNode.merge(h.node(), 1L, Long::sum)));
      Map<String, List<Hit>> repeated = new java.util.TreeMap<>();
      provider.hits.forEach((k, l) -> {
        if (l.size() > 1) {
          repeated.put(k, l);
        }
      });
      long[] recorded = recordedSends(url, tenant);
      System.out.printf("[crash] %d intents, %d queued; provider: %d requests, %d distinct keys, per node %s%n",
          INTENTS, queued.get(), provider.requests.get(), provider.hits.size(), perNode);
      System.out.printf("[crash] node-1 killed (SIGKILL, exit %d) after %d provider requests (%d of them its own), "
          + "restarted as node-1b; all intents decided after %.1f s, all sent after %.1f s%n", exit, seenAtKill,
          node1Before, sendingSeconds, (System.nanoTime() - started) / 1e9);
      System.out.printf("[crash] recorded: %d decisions SENT, %d touchpoints with a provider id (%d distinct)%n",
          recorded[0], recorded[1], recorded[2]);
      System.out.printf("[crash] keys the provider saw more than once: %d %s%n", repeated.size(), describe(repeated,
          killedAt));

      // Every intent sent, each recorded once with the provider's id for its key.
      assertThat(provider.hits).hasSize(INTENTS);
      assertThat(recorded).containsExactly(INTENTS, INTENTS, INTENTS);
      assertThat(outboxRows(url, tenant)).isZero();
      assertThat(perNode.keySet()).contains("node-1", "node-2", "node-3", "node-1b");
      // At most one request per (intent, step), except the call node-1 had open when it was killed: its
      // first request came from node-1 before the kill, the repeat from another node after the lease
      // ran out, both with the same key, which the provider answered with the one message it sent.
      assertThat(repeated.size()).as("repeated keys (at most one call in flight per loop of the killed node)")
          .isLessThanOrEqualTo(LOOPS);
      repeated.forEach((key, list) -> {
        assertThat(list).hasSize(2);
        assertThat(list.get(0).node()).isEqualTo("node-1");
        assertThat(list.get(0).atNanos()).isLessThan(killedAt);
        assertThat(list.get(1).node()).isNotEqualTo("node-1");
        assertThat(list.get(1).atNanos()).isGreaterThan(killedAt);
      });
      assertThat(recordedIds(url, tenant)).isEqualTo(expectedIds(provider));
    } finally {
      nodes.forEach(n -> n.process.destroyForcibly());
    }
  }

  private static long countFrom(Provider p, String node) {
    return p.hits.values().stream().flatMap(List::stream).filter(h -> h.node().equals(node)).count();
  }

  private static String describe(Map<String, List<Hit>> repeated, long killedAt) {
    StringBuilder b = new StringBuilder();
    repeated.forEach((k, l) -> {
      b.append("\n[crash]   key ").append(k).append(':');
      l.forEach(h -> b.append(' ').append(h.node()).append(String.format(" %+.0f ms", (h.atNanos() - killedAt) / 1e6)));
      b.append(" from the kill; in flight at the kill, same key, provider answered the same message");
    });
    return b.toString();
  }

  private static Set<String> expectedIds(Provider p) {
    Set<String> ids = new HashSet<>();
    p.hits.keySet().forEach(k -> ids.add("prov-" + k));
    return ids;
  }

  private static long outboxRows(String url, TenantId tenant) throws SQLException {
    return count(url, "SELECT count(*) FROM " + PREFIX + "outbox WHERE tenant = ?", tenant)[0];
  }

  private static long[] recordedSends(String url, TenantId tenant) throws SQLException {
    long sent = count(url, "SELECT count(*) FROM " + PREFIX + "outbound_decisions WHERE tenant = ? AND state = 'SENT'",
        tenant)[0];
    long[] tp = count(url, "SELECT count(external_id), count(DISTINCT external_id) FROM " + PREFIX
        + "touchpoints WHERE tenant = ? AND channel = 'sms' AND direction = 'OUTBOUND'", tenant);
    return new long[] {sent, tp[0], tp[1]};
  }

  private static Set<String> recordedIds(String url, TenantId tenant) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(
        "SELECT external_id FROM " + PREFIX + "touchpoints WHERE tenant = ? AND channel = 'sms' AND external_id IS NOT NULL")) {
      s.setString(1, tenant.value());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
    }
    return ids;
  }

  private static long[] count(String url, String sql, TenantId tenant) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, tenant.value());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long[] out = new long[r.getMetaData().getColumnCount()];
        for (int i = 0; i < out.length; i++) {
          out[i] = r.getLong(i + 1);
        }
        return out;
      }
    }
  }
}
