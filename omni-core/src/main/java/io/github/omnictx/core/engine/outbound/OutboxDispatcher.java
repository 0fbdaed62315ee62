package io.github.omnictx.core.engine.outbound;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.outbound.DispatchRun;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.DispatcherStats;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.spi.ClaimRequest;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.OutboxRow;
import io.github.omnictx.core.spi.OutboxStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/** The {@link OutboundDispatcher}. Not API. Thread-safe. */
public final class OutboxDispatcher implements OutboundDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

  private final OmniStore store;
  private final Clock clock;
  private final DispatcherSettings settings;
  private final Function<TenantId, Delivery> tenants;
  private final Map<ChannelId, LongAdder[]> counters = new ConcurrentHashMap<>();
  private final Object lifecycle = new Object();
  private final List<ScheduledFuture<?>> loops = new ArrayList<>();
  private @Nullable ScheduledExecutorService own;
  private volatile boolean closed;

  /**
   * @param store the store whose outbox is drained
   * @param clock Omni's clock (rows are due by it)
   * @param settings the settings
   * @param tenants the per-row work of each tenant
   */
  public OutboxDispatcher(OmniStore store, Clock clock, DispatcherSettings settings, Function<TenantId, Delivery> tenants) {
    this.store = store;
    this.clock = clock;
    this.settings = settings;
    this.tenants = tenants;
  }

  @Override
  public DispatcherSettings settings() {
    return settings;
  }

  @Override
  public DispatchRun runOnce() {
    if (closed) {
      return new DispatchRun(0, 0, 0, 0, 0, 0, 0, 0);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    // Elapsed time on this node's monotonic clock: the lease is the database's, but how long this node
    // has been working through the batch is its own to measure.
    long claimedAt = System.nanoTime();
    long budget = settings.lease().toNanos() / 2;
    List<OutboxRow> rows = store.outbox().claim(new ClaimRequest(settings.nodeId(), now, settings.batchSize(),
        settings.lease(), settings.tenants()));
    int sent = 0;
    int retried = 0;
    int failed = 0;
    int finished = 0;
    int lost = 0;
    int errors = 0;
    int released = 0;
    for (OutboxRow row : rows) {
      if (closed) {
        break;
      }
      if (System.nanoTime() - claimedAt > budget) {
        released++;
        continue;
      }
      Delivery.Outcome o;
      try {
        o = tenants.apply(row.tenant()).process(row, settings);
      } catch (RuntimeException | LinkageError | AssertionError e) {
        LOG.warn("outbox row {} of tenant {} could not be processed; it is claimed again when its lease runs out",
            row.id(), row.tenant(), e);
        errors++;
        continue;
      }
      switch (o.result()) {
        case SENT -> {
          sent++;
          o.channel().ifPresent(c -> count(c, 0));
        }
        case RETRIED -> {
          retried++;
          o.channel().ifPresent(c -> count(c, 2));
        }
        case FAILED -> {
          failed++;
          o.channel().ifPresent(c -> count(c, 1));
        }
        case FINISHED -> finished++;
        case LOST -> lost++;
      }
    }
    if (released > 0) {
      LOG.info("dispatcher {} left {} of {} claimed rows: half of the {} lease had run out", settings.nodeId(), released,
          rows.size(), settings.lease());
    }
    return new DispatchRun(rows.size(), sent, retried, failed, finished, lost, errors, released);
  }

  private void count(ChannelId channel, int which) {
    counters.computeIfAbsent(channel, c -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()})[which]
        .increment();
  }

  @Override
  public DispatcherStats stats() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    OutboxStats s = store.outbox().stats(now, settings.tenants());
    Duration age = s.oldestDue().map(t -> Duration.between(t, now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
    Map<ChannelId, DispatcherStats.ChannelCounts> per = new HashMap<>();
    counters.forEach((c, n) -> per.put(c, new DispatcherStats.ChannelCounts(n[0].sum(), n[1].sum(), n[2].sum())));
    return new DispatcherStats(s.due(), s.scheduled(), age, per);
  }

  @Override
  public void start(Duration pollInterval) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "omni-dispatcher-" + settings.nodeId());
      t.setDaemon(true);
      return t;
    });
    synchronized (lifecycle) {
      if (own != null || !loops.isEmpty()) {
        executor.shutdown();
        throw new IllegalStateException("dispatcher " + settings.nodeId() + " is started already");
      }
      own = executor;
    }
    start(executor, 1, pollInterval);
  }

  @Override
  public void start(ScheduledExecutorService executor, int loops, Duration pollInterval) {
    Checks.notNull(executor, "executor");
    Checks.notNull(pollInterval, "pollInterval");
    if (loops < 1 || loops > 64) {
      throw new IllegalArgumentException("loops must be between 1 and 64, was: " + loops);
    }
    if (pollInterval.compareTo(Duration.ofMillis(1)) < 0 || pollInterval.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("pollInterval must be between 1 ms and 1 hour, was: " + pollInterval);
    }
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("dispatcher " + settings.nodeId() + " is closed");
      }
      if (!this.loops.isEmpty()) {
        throw new IllegalStateException("dispatcher " + settings.nodeId() + " is started already");
      }
      for (int i = 0; i < loops; i++) {
        this.loops.add(executor.scheduleWithFixedDelay(this::drain, 0, pollInterval.toNanos(), TimeUnit.NANOSECONDS));
      }
    }
  }

  /** One loop turn: runs while batches come back full, then waits for the next turn. */
  private void drain() {
    try {
      DispatchRun run;
      do {
        run = runOnce();
      } while (!closed && run.claimed() == settings.batchSize());
    } catch (RuntimeException e) {
      LOG.warn("dispatcher {} could not claim from the outbox; trying again at the next poll", settings.nodeId(), e);
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService executor;
    synchronized (lifecycle) {
      closed = true;
      loops.forEach(f -> f.cancel(false));
      loops.clear();
      executor = own;
      own = null;
    }
    if (executor != null) {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
