package io.github.omnictx.examples.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.IdGenerator;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.channels.whatsapp.WhatsAppAdapter;
import io.github.omnictx.channels.whatsapp.WhatsAppConfig;
import io.github.omnictx.store.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Loads a realistic retail data set into PostgreSQL and prints, from one run, Omni's JDBC store
 * against raw JDBC on the same rows:
 *
 * <ul>
 *   <li>ingest rows/s: {@code timeline().recordAll} batches against a plain JDBC batch {@code
 *       INSERT} of the same rows into an equivalent table (same columns, keys, indexes and foreign
 *       keys), chunks alternating so both see the same machine;
 *   <li>newest-50 timeline page p50/p99 (five interleaved rounds, and their median) for a customer
 *       with 10,000 touchpoints, through {@code timeline().page} and through the equivalent SQL on
 *       the same table;
 *   <li>the inbound path in events/s (senders 70% known, 15% new, 15% an e-mail plus a phone seen
 *       before, which links or merges; {@code -Domni.bench.knownPercent} changes the first share):
 *       {@code identities().resolve} then {@code conversations().receive} one event at a time, and
 *       a history import (resolve, then {@code recordAll} per 100);
 *   <li>the inbound path against its limit ({@link InboundComparison}): the same signed WhatsApp
 *       deliveries through Omni's webhook pipeline and through {@link RawInbound}, hand-written JDBC
 *       doing the same work (signature, JSON, identity lookup, conversation update or insert,
 *       touchpoint insert, one transaction per delivery), interleaved, at one message per delivery
 *       on one thread, a hundred per delivery on one thread and one per delivery on eight threads,
 *       with the ratios; the cost of opening a conversation for the first and the last thousand of
 *       20,000 new senders; and a count of both sides' rows at the end, which fails the run when a
 *       touchpoint is lost or doubled.
 * </ul>
 *
 * Writes commit, and a PostgreSQL commit waits for the WAL flush, which dominates on a slow disk.
 *
 * <p>The data: {@code customers} customers; one has exactly 10,000 touchpoints, a long tail of
 * heavy customers has 1,000-5,000 each, the rest share what is left of {@code touchpoints}. Rows
 * arrive grouped by customer, as in a per-customer history export. The defaults keep one run to a
 * few minutes; system properties size it:
 *
 * <table>
 *   <caption>sizes</caption>
 *   <tr><th>property</th><th>default</th><th>what</th></tr>
 *   <tr><td>{@code omni.bench.touchpoints}</td><td>200,000</td><td>rows ingested on each side</td></tr>
 *   <tr><td>{@code omni.bench.customers}</td><td>5,000</td><td>customers they belong to</td></tr>
 *   <tr><td>{@code omni.bench.events}</td><td>1,000</td><td>events per line of the resolve-and-receive
 *       lines</td></tr>
 *   <tr><td>{@code omni.bench.inboundMessages}</td><td>2,000</td><td>messages per webhook case,
 *       each side</td></tr>
 *   <tr><td>{@code omni.bench.newSenders}</td><td>20,000</td><td>new senders of the opening-cost
 *       line</td></tr>
 *   <tr><td>{@code omni.bench.openingWindow}</td><td>1,000</td><td>the first and last of them
 *       timed</td></tr>
 * </table>
 *
 * Run with
 *
 * <pre>
 * mvn -B -q -pl omni-examples -am -DskipTests package exec:java \
 *   -Dexec.mainClass=io.github.omnictx.examples.bench.JdbcBenchmark \
 *   [-Dexec.args="jdbc:postgresql://127.0.0.1:5432/test?user=postgres"] [-Domni.bench.touchpoints=1000000]
 * </pre>
 *
 * The URL defaults to {@code OMNI_TEST_POSTGRES_URL}, then to the local server. Tables are prefixed
 * {@code bench_} and every {@code bench_} table is dropped first. Ingest and timeline run on one
 * connection; the webhook comparison on a pool of eight.
 */
public final class JdbcBenchmark {
  private static final int CHUNK = 1000;
  private static final int HEAVY_TARGET = 10_000;
  private static final String COLUMNS =
      "tenant, id, customer_id, channel, type, direction, occurred_at, recorded_at, conversation_id, external_id, payload, status";

  private final String url;
  private final int totalTouchpoints;
  private final int customerCount;
  private final Random random = new Random(42);
  private final Clock clock = Clock.systemUTC();
  private final IdGenerator ids = IdGenerator.timeOrdered(clock);
  private final TenantId tenant = TenantId.of("bench-retail");

  private JdbcBenchmark(String url, int totalTouchpoints, int customerCount) {
    this.url = url;
    this.totalTouchpoints = totalTouchpoints;
    this.customerCount = customerCount;
  }

  /**
   * Runs the benchmark.
   *
   * @param args optional: the PostgreSQL JDBC URL
   * @throws Exception if the database fails
   */
  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0]
        : Optional.ofNullable(System.getenv("OMNI_TEST_POSTGRES_URL")).orElse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    int touchpoints = Integer.getInteger("omni.bench.touchpoints", 200_000);
    int customers = Integer.getInteger("omni.bench.customers", 5_000);
    new JdbcBenchmark(url, touchpoints, customers).run();
  }

  private void run() throws Exception {
    System.out.printf(Locale.ROOT, "Omni JDBC benchmark: %,d touchpoints, %,d customers, %s%n",
        totalTouchpoints, customerCount, url.replaceAll("password=[^&]*", "password=***"));
    try (OneConnectionDataSource ds = new OneConnectionDataSource(url)) {
      prepareTables(ds);
      JdbcStore store = JdbcStore.builder(ds).tablePrefix("bench_").migrate(true).batchSize(CHUNK).build();
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        // The baseline table: the same columns, keys, indexes and foreign keys as Omni's.
        s.execute("CREATE TABLE bench_raw_touchpoints (LIKE bench_touchpoints INCLUDING ALL)");
        s.execute("ALTER TABLE bench_raw_touchpoints ADD FOREIGN KEY (tenant, customer_id) REFERENCES bench_customers (tenant, id)");
        s.execute("ALTER TABLE bench_raw_touchpoints ADD FOREIGN KEY (tenant, conversation_id) REFERENCES bench_conversations (tenant, id)");
      }
      Omni omni = Omni.builder().store(store).clock(clock).idGenerator(ids).build();
      OmniTenant shop = omni.tenant(tenant);

      List<CustomerId> customers = createCustomers(store);
      int[] counts = distribution(customers.size());
      CustomerId heavy = customers.get(0);
      ingest(ds, shop, customers, counts);
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("ANALYZE bench_touchpoints");
        s.execute("ANALYZE bench_raw_touchpoints");
        s.execute("ANALYZE bench_customers");
        s.execute("ANALYZE bench_identities");
      }
      timelinePages(ds, shop, heavy);
      inbound(shop);
    }
    // Omni's webhook pipeline against the hand-written baseline, on a pool so eight threads can run.
    try (ConnectionPool pool = new ConnectionPool(url, 8)) {
      JdbcStore store = JdbcStore.builder(pool).tablePrefix("bench_").migrate(false).batchSize(CHUNK).build();
      TenantId hookTenant = TenantId.of("bench-hook");
      TenantId rawTenant = TenantId.of("bench-raw");
      OmniTenant hooks = Omni.builder().store(store).clock(clock).idGenerator(ids)
          .adapter(new WhatsAppAdapter(WhatsAppConfig.builder().appSecret(InboundComparison.SECRET).verifyToken("bench")
              .accessToken("bench").phoneNumberId("106540352242922").build()))
          .build().tenant(hookTenant);
      RawInbound raw = new RawInbound(pool, rawTenant.value(), "bench_", InboundComparison.SECRET, clock, ids);
      new InboundComparison(hooks.webhooks(), raw, pool, "bench_", hookTenant, rawTenant, clock,
          Integer.getInteger("omni.bench.inboundMessages", 2_000), Integer.getInteger("omni.bench.newSenders", 20_000),
          Integer.getInteger("omni.bench.openingWindow", 1_000)).run();
    }
  }

  /** Drops every table a former run left, whichever schema version made it. */
  private static void prepareTables(OneConnectionDataSource ds) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
          + " AND tablename LIKE 'bench\\_%'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        s.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
      }
    }
  }

  private List<CustomerId> createCustomers(JdbcStore store) {
    long start = System.nanoTime();
    List<CustomerId> out = new ArrayList<>(customerCount);
    for (int from = 0; from < customerCount; from += CHUNK) {
      int to = Math.min(customerCount, from + CHUNK);
      List<Customer> batch = new ArrayList<>();
      for (int i = from; i < to; i++) {
        Instant now = Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        batch.add(Customer.builder(new CustomerId(ids.next()), now).identity(Identity.email("customer" + i + "@example.com"))
            .attribute("segment", i % 10 == 0 ? "gold" : "standard").build());
      }
      store.inTransaction(tenant, tx -> {
        batch.forEach(tx.customers()::insert);
        return batch.size();
      });
      batch.forEach(c -> out.add(c.id()));
    }
    System.out.printf(Locale.ROOT, "customers created: %,d in %.1f s%n", out.size(), seconds(System.nanoTime() - start));
    return out;
  }

  /** Touchpoints per customer: one with exactly 10,000, a heavy tail, the rest spread thin. */
  private int[] distribution(int n) {
    int[] counts = new int[n];
    counts[0] = HEAVY_TARGET;
    int heavy = Math.max(1, n / 130);
    int left = totalTouchpoints - HEAVY_TARGET;
    for (int i = 1; i <= heavy && i < n; i++) {
      counts[i] = Math.min(left, 1000 + random.nextInt(4001));
      left -= counts[i];
    }
    int light = n - heavy - 1;
    for (int i = heavy + 1; i < n; i++) {
      int fair = left / Math.max(1, light--);
      counts[i] = i == n - 1 ? left : Math.max(0, Math.min(left, fair / 2 + random.nextInt(fair + 1)));
      left -= counts[i];
    }
    return counts;
  }

  private static final String[] SKUS = {"SKU-10442", "SKU-20991", "SKU-31877", "SKU-48210", "SKU-57002", "SKU-66019"};
  private static final String[] TEXTS = {"Hallo, wo ist meine Bestellung?", "Can I return these shoes in store?",
      "Danke, alles angekommen \u2705", "Do you have this jacket in size M?", "Bitte rufen Sie mich zurück."};

  /** One generated row, in both shapes. */
  private record Row(CustomerId customer, ChannelId channel, TouchpointType type, Direction direction, Instant at,
      @org.jspecify.annotations.Nullable String externalId, ObjectNode payload) {}

  private Row row(CustomerId customer, int seq, Instant base) {
    int kind = random.nextInt(10);
    Instant at = base.plusSeconds(seq * 3600L + random.nextInt(3000)).plusNanos(random.nextInt(1_000_000) * 1000L);
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    if (kind < 3) {
      p.put("order", "A-" + (100000 + random.nextInt(900000))).put("total", Math.round(random.nextDouble() * 30000) / 100.0)
          .put("currency", "EUR").put("store", "berlin-0" + random.nextInt(9));
      p.putArray("items").addObject().put("sku", SKUS[random.nextInt(SKUS.length)]).put("qty", 1 + random.nextInt(3));
      return new Row(customer, Channels.STORE.id(), TouchpointType.PURCHASE, Direction.INBOUND, at,
          "pos-" + UUID.randomUUID(), p);
    }
    if (kind < 6) {
      p.put("text", TEXTS[random.nextInt(TEXTS.length)]).put("lang", random.nextBoolean() ? "de" : "en");
      return new Row(customer, Channels.WHATSAPP.id(), TouchpointType.MESSAGE, Direction.INBOUND, at,
          "wamid.HBgL" + UUID.randomUUID().toString().replace("-", ""), p);
    }
    if (kind < 9) {
      p.put("url", "/p/" + SKUS[random.nextInt(SKUS.length)].toLowerCase(Locale.ROOT)).put("referrer", "newsletter")
          .put("seconds", random.nextInt(300));
      return new Row(customer, Channels.WEB.id(), TouchpointType.PAGE_VIEW, Direction.INBOUND, at, null, p);
    }
    p.put("subject", "Ihre Bestellung ist unterwegs").put("template", "order-shipped");
    return new Row(customer, Channels.EMAIL.id(), TouchpointType.ORDER_STATUS, Direction.OUTBOUND, at,
        "ses-" + UUID.randomUUID(), p);
  }

  private void ingest(OneConnectionDataSource ds, OmniTenant shop, List<CustomerId> customers, int[] counts)
      throws SQLException {
    long omniNanos = 0;
    long rawNanos = 0;
    long rows = 0;
    Instant base = Instant.parse("2024-01-01T00:00:00Z");
    List<Row> chunk = new ArrayList<>(CHUNK);
    String rawSql = "INSERT INTO bench_raw_touchpoints (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)";
    int chunks = 0;
    for (int ci = 0; ci < customers.size(); ci++) {
      for (int k = 0; k < counts[ci]; k++) {
        chunk.add(row(customers.get(ci), k, base));
        if (chunk.size() == CHUNK || (ci == customers.size() - 1 && k == counts[ci] - 1)) {
          // Alternate which side goes first, so neither always meets a warmer cache.
          long[] t = (chunks++ % 2 == 0) ? new long[] {omniChunk(shop, chunk), rawChunk(ds, rawSql, chunk)}
              : reversed(rawChunk(ds, rawSql, chunk), omniChunk(shop, chunk));
          omniNanos += t[0];
          rawNanos += t[1];
          rows += chunk.size();
          chunk.clear();
          if (chunks % 200 == 0) {
            System.out.printf(Locale.ROOT, "  loaded %,d rows into each table%n", rows);
          }
        }
      }
    }
    double omniRate = rows / seconds(omniNanos);
    double rawRate = rows / seconds(rawNanos);
    System.out.printf(Locale.ROOT, "%nINGEST (%,d rows each side, JDBC batches of %d, one transaction per batch)%n", rows, CHUNK);
    System.out.printf(Locale.ROOT, "  Omni timeline().recordAll : %,10.0f rows/s%n", omniRate);
    System.out.printf(Locale.ROOT, "  raw JDBC batch INSERT     : %,10.0f rows/s%n", rawRate);
    System.out.printf(Locale.ROOT, "  ratio Omni/raw            : %10.2f  (target >= 0.80)%n", omniRate / rawRate);
  }

  private static long[] reversed(long raw, long omni) {
    return new long[] {omni, raw};
  }

  private long omniChunk(OmniTenant shop, List<Row> chunk) {
    List<NewTouchpoint> batch = new ArrayList<>(chunk.size());
    for (Row r : chunk) {
      NewTouchpoint.Builder b = NewTouchpoint.builder(r.customer(), r.channel(), r.type()).direction(r.direction())
          .occurredAt(r.at()).payload(r.payload());
      if (r.externalId() != null) {
        b.externalId(r.externalId());
      }
      batch.add(b.build());
    }
    long start = System.nanoTime();
    shop.timeline().recordAll(batch);
    return System.nanoTime() - start;
  }

  private long rawChunk(OneConnectionDataSource ds, String sql, List<Row> chunk) throws SQLException {
    long start = System.nanoTime();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      OffsetDateTime now = OffsetDateTime.now(clock);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (Row r : chunk) {
          ps.setString(1, tenant.value());
          ps.setObject(2, ids.next());
          ps.setObject(3, r.customer().value());
          ps.setString(4, r.channel().value());
          ps.setString(5, r.type().value());
          ps.setString(6, r.direction().name());
          ps.setObject(7, OffsetDateTime.ofInstant(r.at(), ZoneOffset.UTC));
          ps.setObject(8, now);
          ps.setObject(9, null, java.sql.Types.OTHER);
          ps.setString(10, r.externalId());
          ps.setString(11, r.payload().toString());
          ps.setString(12, null);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
      c.setAutoCommit(true);
    }
    return System.nanoTime() - start;
  }

  private void timelinePages(OneConnectionDataSource ds, OmniTenant shop, CustomerId heavy) throws SQLException {
    TimelineQuery query = TimelineQuery.forCustomer(heavy).newestFirst().pageSize(50).build();
    String rawSql = "SELECT id, customer_id, channel, type, direction, occurred_at, recorded_at, conversation_id, "
        + "external_id, payload, status FROM bench_touchpoints WHERE tenant = ? AND customer_id = ? "
        + "ORDER BY occurred_at DESC, id DESC LIMIT 50";
    int warmup = 2000;
    int rounds = 5;
    int runs = 4000;
    long total;
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM bench_touchpoints")) {
      rs.next();
      total = rs.getLong(1);
    }
    System.out.printf(Locale.ROOT, "%nTIMELINE PAGE (newest 50 of a customer with %,d touchpoints, table of %,d rows;"
        + " %d rounds of %,d runs each side, interleaved)%n", HEAVY_TARGET, total, rounds, runs);
    int[] rows = new int[2];
    for (int i = 0; i < warmup; i++) {
      pageOnce(ds, shop, query, rawSql, heavy, rows, i);
    }
    double[] p50Ratios = new double[rounds];
    double[] p99Ratios = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long[] omni = new long[runs];
      long[] raw = new long[runs];
      for (int i = 0; i < runs; i++) {
        long[] t = pageOnce(ds, shop, query, rawSql, heavy, rows, i);
        omni[i] = t[0];
        raw[i] = t[1];
      }
      Arrays.sort(omni);
      Arrays.sort(raw);
      p50Ratios[round] = (double) pct(omni, 50) / pct(raw, 50);
      p99Ratios[round] = (double) pct(omni, 99) / pct(raw, 99);
      System.out.printf(Locale.ROOT, "  round %d: Omni p50 %6.3f ms p99 %6.3f ms | raw p50 %6.3f ms p99 %6.3f ms"
          + " | ratio p50 %4.2f p99 %4.2f%n", round + 1, ms(pct(omni, 50)), ms(pct(omni, 99)), ms(pct(raw, 50)),
          ms(pct(raw, 99)), p50Ratios[round], p99Ratios[round]);
    }
    Arrays.sort(p50Ratios);
    Arrays.sort(p99Ratios);
    System.out.printf(Locale.ROOT, "  median of rounds, ratio Omni/raw: p50 %4.2f   p99 %4.2f   (target p99 <= 1.50; rows %d/%d)%n",
        p50Ratios[rounds / 2], p99Ratios[rounds / 2], rows[0], rows[1]);
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + rawSql)) {
      ps.setString(1, tenant.value());
      ps.setObject(2, heavy.value());
      try (ResultSet rs = ps.executeQuery()) {
        System.out.println("  plan:");
        while (rs.next()) {
          System.out.println("    " + rs.getString(1));
        }
      }
    }
  }

  /** One Omni page and one raw page, in alternating order; returns their times in nanoseconds. */
  private long[] pageOnce(OneConnectionDataSource ds, OmniTenant shop, TimelineQuery query, String rawSql,
      CustomerId heavy, int[] rows, int i) throws SQLException {
    long omni;
    long raw;
    if (i % 2 == 0) {
      long s = System.nanoTime();
      rows[0] = shop.timeline().page(query).items().size();
      omni = System.nanoTime() - s;
      s = System.nanoTime();
      rows[1] = rawPage(ds, rawSql, heavy);
      raw = System.nanoTime() - s;
    } else {
      long s = System.nanoTime();
      rows[1] = rawPage(ds, rawSql, heavy);
      raw = System.nanoTime() - s;
      s = System.nanoTime();
      rows[0] = shop.timeline().page(query).items().size();
      omni = System.nanoTime() - s;
    }
    return new long[] {omni, raw};
  }

  private int rawPage(OneConnectionDataSource ds, String sql, CustomerId customer) throws SQLException {
    int n = 0;
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant.value());
      ps.setObject(2, customer.value());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // Read every column, as the store does.
          rs.getObject(1, UUID.class);
          rs.getObject(2, UUID.class);
          rs.getString(3);
          rs.getString(4);
          rs.getString(5);
          rs.getObject(6, OffsetDateTime.class);
          rs.getObject(7, OffsetDateTime.class);
          rs.getObject(8, UUID.class);
          rs.getString(9);
          rs.getString(10);
          rs.getString(11);
          n++;
        }
      }
    }
    return n;
  }

  private void inbound(OmniTenant shop) {
    int events = Integer.getInteger("omni.bench.events", 1_000);
    System.out.printf(Locale.ROOT, "%nINBOUND PATH (%,d events per line; senders 70%% known, 15%% new, 15%% e-mail plus a"
        + " phone seen before, which links or merges)%n", events);
    // The full path, one event at a time: resolve the sender, then the conversation joins or opens,
    // routing runs, and the message is appended, in one unit of work.
    long start = System.nanoTime();
    for (int i = 0; i < events; i++) {
      InboundEvent e = event(i, "full");
      Customer c = shop.identities().resolve(e.who()).customer();
      shop.conversations().receive(message(c, e));
    }
    System.out.printf(Locale.ROOT, "  resolve + conversation + append, one at a time   : %,10.0f events/s%n",
        events / seconds(System.nanoTime() - start));
    // A history import: senders resolved one by one, 100 messages recorded in one recordAll (no conversations).
    start = System.nanoTime();
    List<InboundEvent> batch = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      batch.add(event(i, "batch"));
      if (batch.size() == 100) {
        List<NewTouchpoint> out = new ArrayList<>(batch.size());
        for (InboundEvent e : batch) {
          out.add(message(shop.identities().resolve(e.who()).customer(), e));
        }
        shop.timeline().recordAll(out);
        batch.clear();
      }
    }
    System.out.printf(Locale.ROOT, "  resolve + append, batches of 100 (history import) : %,10.0f events/s%n",
        events / seconds(System.nanoTime() - start));
  }

  private NewTouchpoint message(Customer c, InboundEvent e) {
    return NewTouchpoint.builder(c.id(), Channels.WHATSAPP.id(), TouchpointType.MESSAGE).externalId(e.externalId())
        .payload(JsonNodeFactory.instance.objectNode().put("text", TEXTS[0])).build();
  }

  private record InboundEvent(List<Identity> who, String externalId) {}

  private final List<Identity> phonesSeen = new ArrayList<>();

  private InboundEvent event(int i, String run) {
    Identity email = Identity.email("customer" + random.nextInt(customerCount) + "@example.com");
    int kind = random.nextInt(100);
    List<Identity> who;
    if (kind < Integer.getInteger("omni.bench.knownPercent", 70) || phonesSeen.isEmpty() && kind >= 85) {
      who = List.of(email); // a known customer
    } else if (kind < 85) {
      Identity phone = Identity.phone("+49151" + (10_000_000 + random.nextInt(89_999_999)));
      phonesSeen.add(phone);
      who = List.of(phone); // someone new
    } else {
      // e-mail and a phone seen before: links the phone, or merges two customers
      who = List.of(email, phonesSeen.get(random.nextInt(phonesSeen.size())));
    }
    return new InboundEvent(who, "wamid.in-" + run + "-" + i);
  }

  private static long pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

}
