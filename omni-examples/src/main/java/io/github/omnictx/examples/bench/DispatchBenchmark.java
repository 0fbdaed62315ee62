package io.github.omnictx.examples.bench;

import com.sun.net.httpserver.HttpServer;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.outbound.DispatchRun;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The outbound path on PostgreSQL against a mock provider (the JDK's HTTP server on localhost,
 * answering every send at once), each figure beside a raw JDBC loop doing the least the same job
 * needs, in the same run on the same machine:
 *
 * <ul>
 *   <li><b>decision cost per intent</b>: {@code outbound().send} (consent, address, caps, ranking over
 *       the timeline, then the decision, the touchpoint and the outbox row in one unit of work)
 *       against one raw {@code INSERT} of an outbox row per intent in its own transaction;
 *   <li><b>dispatcher throughput, one node and three nodes</b>: Omni's dispatchers (each node its
 *       own store and connection, {@code runOnce} in a loop until the outbox is empty) against raw
 *       claim-and-mark loops: {@code SELECT … FOR UPDATE SKIP LOCKED LIMIT 50} and an {@code UPDATE}
 *       of the lease in one transaction, then per row the same HTTP call and a {@code DELETE}.
 * </ul>
 *
 * Run with
 *
 * <pre>
 * mvn -B -q -pl omni-examples -am -DskipTests package exec:java \
 *   -Dexec.mainClass=io.github.omnictx.examples.bench.DispatchBenchmark \
 *   [-Dexec.args="jdbc:postgresql://127.0.0.1:5432/test?user=postgres"] [-Domni.bench.intents=5000]
 * </pre>
 *
 * The URL defaults to {@code OMNI_TEST_POSTGRES_URL}, then to the local server. Tables are prefixed
 * {@code bench_dispatch_} and dropped first.
 */
public final class DispatchBenchmark {
  private static final String PREFIX = "bench_dispatch_";
  private static final int BATCH = 50;
  private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

  private final String url;
  private final int intents;
  private final TenantId tenant = TenantId.of("bench-outbound");
  private final OkHttpClient http = new OkHttpClient();
  private final AtomicLong providerCalls = new AtomicLong();
  private String providerUrl = "";

  private DispatchBenchmark(String url, int intents) {
    this.url = url;
    this.intents = intents;
  }

  /**
   * Runs the benchmark.
   *
   * @param args optional: the PostgreSQL JDBC URL
   * @throws Exception if the database or the mock provider fails
   */
  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0]
        : Optional.ofNullable(System.getenv("OMNI_TEST_POSTGRES_URL")).orElse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    new DispatchBenchmark(url, Integer.getInteger("omni.bench.intents", 5_000)).run();
  }

  /** The mock provider's client side: one POST per message, the body the message id. */
  private final class BenchSms implements OutboundAdapter {
    @Override
    public String id() {
      return "bench-sms";
    }

    @Override
    public ChannelId channel() {
      return Channels.SMS.id();
    }

    @Override
    public SendReceipt send(OutboundMessage message) {
      return new SendReceipt(post(message.idempotencyKey(), message.text().orElse("")), DeliveryStatus.SENT);
    }
  }

  private String post(String key, String text) {
    Request request = new Request.Builder().url(providerUrl).header("Idempotency-Key", key)
        .post(RequestBody.create(text, TEXT)).build();
    try (Response response = http.newCall(request).execute()) {
      okhttp3.ResponseBody body = response.body();
      if (response.code() != 200 || body == null) {
        throw new DeliveryException("bench-sms", DeliveryException.Reason.TEMPORARY, null, null,
            "HTTP " + response.code(), null);
      }
      return body.string();
    } catch (IOException e) {
      throw new DeliveryException("bench-sms", DeliveryException.Reason.TEMPORARY, null, null, e.toString(), e);
    }
  }

  private void run() throws Exception {
    System.out.printf(Locale.ROOT, "Omni dispatch benchmark: %,d intents per round, %s%n", intents,
        url.replaceAll("password=[^&]*", "password=***"));
    // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: 40 ms a call.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    ExecutorService providerThreads = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "mock-provider");
      t.setDaemon(true);
      return t;
    });
    provider.setExecutor(providerThreads);
    provider.createContext("/messages", exchange -> {
      byte[] id = ("msg-" + exchange.getRequestHeaders().getFirst("Idempotency-Key")).getBytes(StandardCharsets.UTF_8);
      exchange.getRequestBody().readAllBytes();
      providerCalls.incrementAndGet();
      exchange.sendResponseHeaders(200, id.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(id);
      }
    });
    provider.start();
    providerUrl = "http://127.0.0.1:" + provider.getAddress().getPort() + "/messages";
    List<OneConnectionDataSource> sources = new ArrayList<>();
    try {
      OneConnectionDataSource main = open(sources);
      prepareTables(main);
      JdbcStore store = JdbcStore.builder(main).tablePrefix(PREFIX).migrate(true).build();
      try (Connection c = main.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE " + PREFIX + "raw_outbox (id uuid PRIMARY KEY, aggregateid varchar(64) NOT NULL, "
            + "payload jsonb NOT NULL, due_at timestamptz NOT NULL, lease_until timestamptz, lease_owner varchar(64))");
        s.execute("CREATE INDEX " + PREFIX + "raw_outbox_due_ix ON " + PREFIX + "raw_outbox (due_at)");
      }
      OmniTenant shop = Omni.builder().store(store).adapter(new BenchSms()).build().tenant(tenant);
      List<CustomerId> customers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        Customer c = shop.customers().create(List.of(Identity.phone("+4915112" + (360000 + i))), Map.of());
        customers.add(c.id());
      }
      send(shop, customers, 0, 200); // warm-up, drained below
      rawInsert(main, 200);
      drainOmni(List.of(node(sources, "warm-up")));
      drainRaw(List.of(open(sources)));

      for (int round = 1; round <= 2; round++) {
        int nodes = round == 1 ? 1 : 3;
        long omniSend = send(shop, customers, round * intents, intents);
        long rawSend = rawInsert(main, intents);
        List<OutboundDispatcher> dispatchers = new ArrayList<>();
        List<OneConnectionDataSource> raws = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
          dispatchers.add(node(sources, "bench-node-" + round + "-" + n));
          raws.add(open(sources));
        }
        long calls = providerCalls.get();
        long omniDrain = drainOmni(dispatchers);
        long omniCalls = providerCalls.get() - calls;
        calls = providerCalls.get();
        long rawDrain = drainRaw(raws);
        long rawCalls = providerCalls.get() - calls;
        if (round == 1) {
          System.out.printf(Locale.ROOT, "decision per intent: Omni %.0f µs, raw INSERT %.0f µs (%.1f× the raw cost)%n",
              micros(omniSend, intents), micros(rawSend, intents), (double) omniSend / rawSend);
        }
        double omniRate = intents / seconds(omniDrain);
        double rawRate = intents / seconds(rawDrain);
        System.out.printf(Locale.ROOT, "dispatch, %d node%s: Omni %,.0f sends/s (%,d calls), raw claim-and-mark %,.0f sends/s "
            + "(%,d calls): Omni at %.2f of raw%n", nodes, nodes == 1 ? "" : "s", omniRate, omniCalls, rawRate, rawCalls,
            omniRate / rawRate);
      }
    } finally {
      provider.stop(0);
      providerThreads.shutdown();
      for (OneConnectionDataSource s : sources) {
        s.close();
      }
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private OneConnectionDataSource open(List<OneConnectionDataSource> sources) throws SQLException {
    OneConnectionDataSource ds = new OneConnectionDataSource(url);
    sources.add(ds);
    return ds;
  }

  /** One application node: its own connection, store, Omni and dispatcher. */
  private OutboundDispatcher node(List<OneConnectionDataSource> sources, String id) throws SQLException {
    JdbcStore store = JdbcStore.builder(open(sources)).tablePrefix(PREFIX).migrate(false).build();
    return Omni.builder().store(store).adapter(new BenchSms()).build().dispatcher(DispatcherSettings.builder()
        .nodeId(id).tenants(Set.of(tenant)).batchSize(BATCH).lease(Duration.ofMinutes(1)).build());
  }

  private static void prepareTables(OneConnectionDataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String t : List.of("raw_outbox", "outbox", "outbound_decisions", "webhook_tokens", "handoffs", "agents",
          "touchpoints", "identities", "conversations", "customers", "merge_customers", "merges", "schema_history")) {
        s.execute("DROP TABLE IF EXISTS " + PREFIX + t + " CASCADE");
      }
    }
  }

  private long send(OmniTenant shop, List<CustomerId> customers, int from, int count) {
    long start = System.nanoTime();
    for (int i = from; i < from + count; i++) {
      shop.outbound().send(OutboundIntent.builder(customers.get(i % customers.size()), Purpose.TRANSACTIONAL,
          "bench-" + i).text("Order " + i + " ships today").channels(List.of(Channels.SMS.id())).build());
    }
    return System.nanoTime() - start;
  }

  private long rawInsert(OneConnectionDataSource ds, int count) throws SQLException {
    long start = System.nanoTime();
    try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO " + PREFIX
        + "raw_outbox (id, aggregateid, payload, due_at) VALUES (?, ?, ?::jsonb, now())")) {
      for (int i = 0; i < count; i++) {
        UUID id = UUID.randomUUID();
        s.setObject(1, id);
        s.setString(2, "customer-" + (i % 200));
        s.setString(3, "{\"text\":\"Order " + i + " ships today\"}");
        s.executeUpdate();
      }
    }
    return System.nanoTime() - start;
  }

  private static long drainOmni(List<OutboundDispatcher> dispatchers) throws Exception {
    return parallel(dispatchers.stream().<Callable<Void>>map(d -> () -> {
      DispatchRun run;
      do {
        run = d.runOnce();
      } while (run.claimed() > 0);
      return null;
    }).toList());
  }

  private long drainRaw(List<OneConnectionDataSource> nodes) throws Exception {
    List<Callable<Void>> loops = new ArrayList<>();
    for (OneConnectionDataSource ds : nodes) {
      String owner = "raw-" + UUID.randomUUID();
      loops.add(() -> {
        try (Connection c = ds.getConnection()) {
          while (rawBatch(c, owner) > 0) {
            // next batch
          }
        }
        return null;
      });
    }
    return parallel(loops);
  }

  /** One raw claim (lease in one transaction), then per row the provider call and a delete. */
  private int rawBatch(Connection c, String owner) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    c.setAutoCommit(false);
    try (PreparedStatement claim = c.prepareStatement("SELECT id, payload->>'text' FROM " + PREFIX + "raw_outbox "
        + "WHERE due_at <= now() AND (lease_until IS NULL OR lease_until < now()) ORDER BY due_at LIMIT " + BATCH
        + " FOR UPDATE SKIP LOCKED")) {
      try (ResultSet r = claim.executeQuery()) {
        while (r.next()) {
          ids.add(r.getObject(1, UUID.class));
          texts.add(r.getString(2));
        }
      }
      if (!ids.isEmpty()) {
        try (PreparedStatement lease = c.prepareStatement("UPDATE " + PREFIX + "raw_outbox SET lease_until = now() + "
            + "interval '1 minute', lease_owner = ? WHERE id = ANY(?)")) {
          Array array = c.createArrayOf("uuid", ids.toArray());
          lease.setString(1, owner);
          lease.setArray(2, array);
          lease.executeUpdate();
        }
      }
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
    try (PreparedStatement done = c.prepareStatement("DELETE FROM " + PREFIX + "raw_outbox WHERE id = ? AND lease_owner = ?")) {
      for (int i = 0; i < ids.size(); i++) {
        post(ids.get(i).toString(), texts.get(i));
        done.setObject(1, ids.get(i));
        done.setString(2, owner);
        done.executeUpdate();
      }
    }
    return ids.size();
  }

  private static long parallel(List<Callable<Void>> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(work.size());
    try {
      long start = System.nanoTime();
      List<Future<Void>> running = new ArrayList<>();
      work.forEach(w -> running.add(pool.submit(w)));
      for (Future<Void> f : running) {
        f.get();
      }
      return System.nanoTime() - start;
    } finally {
      pool.shutdown();
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static double micros(long nanos, int count) {
    return nanos / 1e3 / count;
  }
}
