package io.github.omnictx.examples.bench;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResult;
import io.github.omnictx.core.webhook.Webhooks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * The inbound path against its limit: the same signed WhatsApp deliveries (same bytes, same sender
 * mix: 70% of messages from a number seen before, 30% from a new one) go through Omni's webhook
 * pipeline under one tenant and through {@link RawInbound}, hand-written JDBC doing the same work,
 * under another, in the same tables, interleaved in rounds whose order alternates. Three cases:
 * one message per delivery on one thread, a hundred per delivery on one thread, one per delivery
 * on eight threads. Then the cost of opening a conversation as more are open: 20,000 (by default)
 * deliveries each from a new sender, the first and the last thousand timed on one thread on both
 * sides (those between go on eight threads, untimed). At the end the rows of both tenants are
 * counted: every message is one touchpoint (none lost, none doubled), every sender one customer,
 * two identities (phone, WhatsApp id) and one open conversation; a mismatch fails the run. Not
 * thread-safe: {@link #run} drives its own worker threads.
 */
final class InboundComparison {
  static final String SECRET = "bench-app-secret";
  private static final int THREADS = 8;

  private final Webhooks omni;
  private final RawInbound raw;
  private final DataSource ds;
  private final String prefix;
  private final TenantId omniTenant;
  private final TenantId rawTenant;
  private final Clock clock;
  private final int messages;
  private final int newSenders;
  private final int window;
  private final Random random = new Random(7);
  private final List<String> seen = new ArrayList<>();
  private long nextNumber = 10_000_000;
  private int expectedTouchpoints;

  /**
   * @param omni Omni's webhooks for {@code omniTenant}, with the WhatsApp adapter signing with {@link #SECRET}
   * @param raw the baseline, writing under {@code rawTenant}
   * @param ds the database, for the counts
   * @param prefix the table prefix
   * @param omniTenant Omni's tenant (its tables start empty of it)
   * @param rawTenant the baseline's tenant (likewise)
   * @param clock the clock for message timestamps
   * @param messages messages per case
   * @param newSenders new senders in the opening-cost line
   * @param window how many of the first and of the last new senders are timed
   */
  InboundComparison(Webhooks omni, RawInbound raw, DataSource ds, String prefix, TenantId omniTenant,
      TenantId rawTenant, Clock clock, int messages, int newSenders, int window) {
    this.omni = omni;
    this.raw = raw;
    this.ds = ds;
    this.prefix = prefix;
    this.omniTenant = omniTenant;
    this.rawTenant = rawTenant;
    this.clock = clock;
    this.messages = messages;
    this.newSenders = newSenders;
    this.window = Math.min(window, newSenders / 2);
  }

  /** One signed delivery, the same bytes for both sides. */
  private record Delivery(byte[] body, String signature, int messages) {}

  void run() throws Exception {
    System.out.printf(Locale.ROOT, "%nINBOUND PATH, webhook pipeline vs hand-written JDBC (%,d messages per case;"
        + " senders 70%% seen before, 30%% new; one transaction per delivery on the raw side; interleaved rounds)%n",
        messages);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      // Warm both sides up (JIT, statement caches) on deliveries that are counted like the rest.
      compare("warm-up", deliveries("warm", Math.max(100, messages / 10), 1), 1, pool, false);
      double[] single = compare("  1 message  per delivery, 1 thread ", deliveries("one", messages, 1), 1, pool, true);
      double[] batched = compare("100 messages per delivery, 1 thread ", deliveries("hundred", messages, 100), 1, pool, true);
      double[] threads = compare("  1 message  per delivery, 8 threads", deliveries("eight", messages, 1), THREADS, pool, true);
      System.out.printf(Locale.ROOT, "  Omni with 100 per delivery / Omni with 1 per delivery: %.2fx%n", batched[0] / single[0]);
      System.out.printf(Locale.ROOT, "  Omni on 8 threads / Omni on 1 thread                : %.2fx%n", threads[0] / single[0]);
      openingCost(pool);
      counts();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs both sides over the same deliveries in interleaved rounds; returns the two rates. */
  private double[] compare(String label, List<Delivery> all, int threads, ExecutorService pool, boolean print)
      throws Exception {
    long[] nanos = race(all, threads, pool);
    int total = all.stream().mapToInt(Delivery::messages).sum();
    double omniRate = total / (nanos[0] / 1e9);
    double rawRate = total / (nanos[1] / 1e9);
    if (print) {
      System.out.printf(Locale.ROOT, "  %s: Omni %,8.0f msg/s | raw %,8.0f msg/s | ratio Omni/raw %4.2f (target >= 0.70)%n",
          label, omniRate, rawRate, omniRate / rawRate);
    }
    return new double[] {omniRate, rawRate};
  }

  /**
   * Both sides over the same deliveries, in rounds of about 200 messages (800 on many threads)
   * whose order alternates, so neither side always meets the warmer cache or the quieter machine.
   *
   * @return the nanoseconds Omni and the baseline took
   */
  private long[] race(List<Delivery> all, int threads, ExecutorService pool) throws Exception {
    int perRound = Math.max(1, (threads == 1 ? 200 : 800) / all.get(0).messages());
    long[] nanos = new long[2];
    int round = 0;
    for (int from = 0; from < all.size(); from += perRound, round++) {
      List<Delivery> part = all.subList(from, Math.min(all.size(), from + perRound));
      if (round % 2 == 0) {
        nanos[0] += timed(part, threads, pool, this::omni);
        nanos[1] += timed(part, threads, pool, this::raw);
      } else {
        nanos[1] += timed(part, threads, pool, this::raw);
        nanos[0] += timed(part, threads, pool, this::omni);
      }
    }
    return nanos;
  }

  /** Time for one side to handle these deliveries on this many threads. */
  private long timed(List<Delivery> part, int threads, ExecutorService pool, Consumer<Delivery> side)
      throws InterruptedException, ExecutionException {
    long start = System.nanoTime();
    if (threads == 1) {
      part.forEach(side);
    } else {
      AtomicInteger next = new AtomicInteger();
      List<Callable<Boolean>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(() -> {
          for (int i = next.getAndIncrement(); i < part.size(); i = next.getAndIncrement()) {
            side.accept(part.get(i));
          }
          return true;
        });
      }
      for (Future<Boolean> f : pool.invokeAll(workers)) {
        f.get();
      }
    }
    return System.nanoTime() - start;
  }

  private void omni(Delivery d) {
    WebhookResult r = omni.process("whatsapp", WebhookRequest.builder("POST", "https://bench.example/webhooks/whatsapp")
        .header("Content-Type", "application/json").header("X-Hub-Signature-256", d.signature()).body(d.body()).build());
    if (r.response().status() != 200 || r.recorded().size() != d.messages()) {
      throw new IllegalStateException("Omni answered " + r.response().status() + " and recorded " + r.recorded().size()
          + " of " + d.messages() + " messages (" + r.duplicates() + " duplicates, " + r.rejected() + " rejected)");
    }
  }

  private void raw(Delivery d) {
    try {
      int status = raw.handle(d.body(), d.signature());
      if (status != 200) {
        throw new IllegalStateException("the raw baseline answered " + status);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the raw baseline failed", e);
    }
  }

  /**
   * The first and the last {@code window} of {@code newSenders} deliveries, each from a new sender,
   * timed on one thread; those between are delivered on eight threads, untimed, to save time.
   */
  private void openingCost(ExecutorService pool) throws Exception {
    List<Delivery> all = new ArrayList<>(newSenders);
    for (int i = 0; i < newSenders; i++) {
      all.add(delivery(List.of(message(newSender(), "wamid.bench-new-" + i))));
    }
    long[] first = race(all.subList(0, window), 1, pool);
    race(all.subList(window, newSenders - window), THREADS, pool);
    long[] last = race(all.subList(newSenders - window, newSenders), 1, pool);
    System.out.printf(Locale.ROOT, "%nOPENING A CONVERSATION (%,d deliveries each from a new sender, one message each;"
        + " the first and the last %,d timed on one thread, those between sent on %d threads)%n", newSenders, window,
        THREADS);
    System.out.printf(Locale.ROOT, "  Omni: first %,d %6.2f s, last %,d %6.2f s (last/first %.2fx)%n", window,
        first[0] / 1e9, window, last[0] / 1e9, (double) last[0] / first[0]);
    System.out.printf(Locale.ROOT, "  raw : first %,d %6.2f s, last %,d %6.2f s (last/first %.2fx)%n", window,
        first[1] / 1e9, window, last[1] / 1e9, (double) last[1] / first[1]);
  }

  /** Counts the rows of both tenants and fails the run when a touchpoint is lost or doubled. */
  private void counts() throws SQLException {
    int senders = seen.size();
    System.out.printf(Locale.ROOT, "%nROWS (expected per side: %,d touchpoints, %,d customers and open conversations,"
        + " %,d identities)%n", expectedTouchpoints, senders, 2 * senders);
    List<String> wrong = new ArrayList<>();
    for (TenantId tenant : List.of(omniTenant, rawTenant)) {
      long touchpoints = count("SELECT count(*) FROM " + prefix + "touchpoints WHERE tenant = ?", tenant);
      long distinct = count("SELECT count(DISTINCT external_id) FROM " + prefix + "touchpoints WHERE tenant = ?", tenant);
      long customers = count("SELECT count(*) FROM " + prefix + "customers WHERE tenant = ?", tenant);
      long identities = count("SELECT count(*) FROM " + prefix + "identities WHERE tenant = ?", tenant);
      long open = count("SELECT count(*) FROM " + prefix + "conversations WHERE tenant = ? AND status = 'OPEN'", tenant);
      long homeless = count("SELECT count(*) FROM " + prefix + "touchpoints WHERE tenant = ? AND conversation_id IS NULL",
          tenant);
      System.out.printf(Locale.ROOT, "  %-12s touchpoints %,d (distinct ids %,d, outside a conversation %,d), customers %,d,"
          + " identities %,d, open conversations %,d%n", tenant.value(), touchpoints, distinct, homeless, customers,
          identities, open);
      if (touchpoints != expectedTouchpoints || distinct != expectedTouchpoints || homeless != 0 || customers != senders
          || identities != 2L * senders || open != senders) {
        wrong.add(tenant.value());
      }
    }
    if (!wrong.isEmpty()) {
      throw new IllegalStateException("rows lost or doubled for " + wrong + ": see the counts above");
    }
  }

  private long count(String sql, TenantId tenant) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant.value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private List<Delivery> deliveries(String run, int total, int perDelivery) {
    List<Delivery> out = new ArrayList<>();
    for (int sent = 0; sent < total; ) {
      List<String> batch = new ArrayList<>(perDelivery);
      for (int k = 0; k < perDelivery && sent < total; k++, sent++) {
        String from = seen.isEmpty() || random.nextInt(100) >= 70 ? newSender() : seen.get(random.nextInt(seen.size()));
        batch.add(message(from, "wamid.bench-" + run + "-" + sent));
      }
      out.add(delivery(batch));
    }
    return out;
  }

  private String newSender() {
    String number = "49152" + nextNumber++;
    seen.add(number);
    return number;
  }

  private String message(String from, String id) {
    expectedTouchpoints++;
    return "{\"from\":\"" + from + "\",\"id\":\"" + id + "\",\"timestamp\":\"" + clock.instant().getEpochSecond()
        + "\",\"type\":\"text\",\"text\":{\"body\":\"Hallo, wo ist meine Bestellung?\"}}";
  }

  private static Delivery delivery(List<String> messages) {
    byte[] body = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
        + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
        + "\"15550783881\",\"phone_number_id\":\"106540352242922\"},\"messages\":[" + String.join(",", messages)
        + "]}}]}]}").getBytes(StandardCharsets.UTF_8);
    return new Delivery(body, "sha256=" + hmacHex(body), messages.size());
  }

  private static String hmacHex(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
