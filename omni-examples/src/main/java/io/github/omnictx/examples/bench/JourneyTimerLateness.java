package io.github.omnictx.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.core.IdGenerator;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.journey.Journey;
import io.github.omnictx.core.journey.Trigger;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.store.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Journey timer lateness on PostgreSQL: how long after its due time a journey's wait fires, with
 * three dispatchers (three nodes' worth, in one process, two polling loops each) polling the outbox.
 * Triggers are recorded on four threads at a steady rate (50 a second by default), each starting a run whose wait of a few seconds is an outbox
 * timer; when it fires, the run's note records when it was due and when it fired (Omni's clock, the
 * system clock here). Prints p50, p99 and the maximum of fire time minus due time, and whether p99
 * is within the poll interval plus one second; exits 1 when it is not, or when a timer did not fire
 * once.
 *
 * <p>Run: {@code mvn -B -q -pl omni-examples -am -DskipTests package exec:java
 * -Dexec.mainClass=io.github.omnictx.examples.bench.JourneyTimerLateness} (PostgreSQL from the first
 * argument or {@code OMNI_TEST_POSTGRES_URL}; {@code -Domni.bench.timers=}, {@code
 * -Domni.bench.rate=}, {@code -Domni.bench.pollMillis=} change the size, the rate and the poll interval). Not thread-safe: {@link #main}
 * drives its own threads.
 */
public final class JourneyTimerLateness {
  private static final String PREFIX = "benchj_";
  private static final ObjectMapper JSON = new ObjectMapper();

  private JourneyTimerLateness() {}

  /**
   * Runs the measurement.
   *
   * @param args optional: the PostgreSQL JDBC URL
   * @throws Exception if the database fails
   */
  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0]
        : Optional.ofNullable(System.getenv("OMNI_TEST_POSTGRES_URL")).orElse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    int timers = Integer.getInteger("omni.bench.timers", 2_000);
    Duration poll = Duration.ofMillis(Long.getLong("omni.bench.pollMillis", 500L));
    int rate = Integer.getInteger("omni.bench.rate", 50);
    Duration wait = Duration.ofSeconds(5);
    System.exit(run(url, timers, rate, poll, wait) ? 0 : 1);
  }

  /**
   * @return whether p99 was within the poll interval plus one second and every timer fired once
   */
  static boolean run(String url, int timers, int rate, Duration poll, Duration wait) throws Exception {
    Clock clock = Clock.systemUTC();
    IdGenerator ids = IdGenerator.timeOrdered(clock);
    TenantId tenant = TenantId.of("bench-journeys");
    Journey timed = Journey.builder("timed", 1)
        .trigger(Trigger.on(TouchpointType.PAGE_VIEW).correlateBy(t -> Optional.of(t.id().toString())))
        .waitFor(wait)
        .note(run -> "due=" + run.trigger().orElseThrow().recordedAt().plus(wait) + " fired=" + run.now())
        .build();
    System.out.printf(Locale.ROOT, "Journey timer lateness: %,d timers of %s, %d triggers a second, 3 dispatchers"
        + " (2 loops each) polling every %d ms, %d processors, %s%n", timers, wait, rate, poll.toMillis(),
        Runtime.getRuntime().availableProcessors(), url.replaceAll("password=[^&]*", "password=***"));
    try (ConnectionPool pool = new ConnectionPool(url, 8)) {
      dropTables(pool);
      JdbcStore store = JdbcStore.builder(pool).tablePrefix(PREFIX).migrate(true).build();
      Omni omni = Omni.builder().store(store).clock(clock).idGenerator(ids).journey(timed).build();
      OmniTenant shop = omni.tenant(tenant);
      List<CustomerId> customers = customers(store, tenant, ids, clock, 200);
      List<OutboundDispatcher> nodes = new ArrayList<>();
      List<ExecutorService> loops = new ArrayList<>();
      for (int n = 0; n < 3; n++) {
        OutboundDispatcher d = Omni.builder().store(store).clock(clock).idGenerator(ids).journey(timed).build()
            .dispatcher(DispatcherSettings.builder().nodeId("bench-node-" + n).batchSize(100).build());
        java.util.concurrent.ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        loops.add(executor);
        d.start(executor, 2, poll);
        nodes.add(d);
      }
      long started = System.nanoTime();
      ExecutorService writers = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        done.add(writers.submit(() -> {
          for (int i = writer; i < timers; i += 4) {
            // A steady rate of triggers, so timers fall due all along.
            long due = started + (long) i * 1_000_000_000L / rate;
            long sleep = due - System.nanoTime();
            if (sleep > 0) {
              java.util.concurrent.locks.LockSupport.parkNanos(sleep);
            }
            shop.timeline().record(NewTouchpoint.builder(customers.get(i % customers.size()), Channels.WEB.id(),
                TouchpointType.PAGE_VIEW).payload(JSON.createObjectNode().put("page", "/p/" + i)).build());
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      writers.shutdown();
      System.out.printf(Locale.ROOT, "triggers recorded in %.1f s%n", (System.nanoTime() - started) / 1e9);
      List<Long> lateness = new ArrayList<>();
      long deadline = System.nanoTime() + wait.toNanos() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        lateness = lateness(pool);
        if (lateness.size() >= timers) {
          break;
        }
        Thread.sleep(500);
      }
      nodes.forEach(OutboundDispatcher::close);
      loops.forEach(ExecutorService::shutdown);
      return report(lateness, timers, poll);
    }
  }

  private static boolean report(List<Long> lateness, int timers, Duration poll) {
    Collections.sort(lateness);
    if (lateness.isEmpty()) {
      System.out.println("no timer fired");
      return false;
    }
    long p50 = lateness.get(lateness.size() / 2);
    long p99 = lateness.get(Math.min(lateness.size() - 1, (int) Math.ceil(lateness.size() * 0.99) - 1));
    long max = lateness.get(lateness.size() - 1);
    long bound = poll.toMillis() + 1_000;
    boolean once = lateness.size() == timers;
    System.out.printf(Locale.ROOT, "timers fired: %,d of %,d%s%n", lateness.size(), timers, once ? "" : " (NOT ONCE EACH)");
    System.out.printf(Locale.ROOT, "lateness (fire time - due time): p50 %d ms, p99 %d ms, max %d ms%n", p50, p99, max);
    System.out.printf(Locale.ROOT, "p99 within poll interval + 1 s (%d ms): %s%n", bound, p99 <= bound ? "yes" : "NO");
    return once && p99 <= bound;
  }

  /** Reads every fired timer's note: lateness in milliseconds. */
  private static List<Long> lateness(ConnectionPool pool) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT payload ->> 'text' FROM " + PREFIX + "touchpoints WHERE type = 'journey_note'")) {
      while (rs.next()) {
        String text = rs.getString(1);
        Instant due = Instant.parse(text.substring(4, text.indexOf(' ')));
        Instant fired = Instant.parse(text.substring(text.indexOf("fired=") + 6));
        out.add(due.until(fired, ChronoUnit.MILLIS));
      }
    }
    return out;
  }

  private static List<CustomerId> customers(JdbcStore store, TenantId tenant, IdGenerator ids, Clock clock, int n) {
    List<Customer> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(Customer.builder(new CustomerId(ids.next()), clock.instant().truncatedTo(ChronoUnit.MICROS))
          .identity(Identity.email("timer" + i + "@example.com")).build());
    }
    store.inTransaction(tenant, tx -> {
      batch.forEach(tx.customers()::insert);
      return batch.size();
    });
    return batch.stream().map(Customer::id).toList();
  }

  private static void dropTables(ConnectionPool pool) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
          + " AND tablename LIKE 'benchj\\_%'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        s.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
      }
    }
  }
}
