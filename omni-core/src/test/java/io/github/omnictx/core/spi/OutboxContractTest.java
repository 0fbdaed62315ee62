package io.github.omnictx.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The outbox contract of the storage SPI: rows written in a tenant's unit of work, claimed across
 * tenants under leases the store's own clock stamps, completed and rescheduled fenced by the
 * claimed version. Every store extends it. Each test claims only from tenants of its own, so
 * {@link #store()} may return one shared instance.
 *
 * <p>Leases run on the database's clock, which tests cannot move: a lease "runs out" by claiming
 * with a lease of a few milliseconds and waiting a little longer than that; a live lease is one of
 * a minute. No assertion depends on how long anything took.
 */
public abstract class OutboxContractTest {

  /**
   * The store under test. May return the same instance on every call.
   *
   * @return the store
   */
  protected abstract OmniStore store();

  private final MutableClock clock = MutableClock.atMondayMorning();
  private final TenantId a = TenantId.of("t-" + UUID.randomUUID());
  private final TenantId b = TenantId.of("t-" + UUID.randomUUID());

  private OutboxRow row(TenantId tenant, Instant due) {
    return OutboxRow.pending(UUID.randomUUID(), tenant, "outbound", UUID.randomUUID().toString(), "outbound.send",
        JsonNodeFactory.instance.objectNode().put("tenant", tenant.value()).put("n", due.toString()), clock.instant(), due);
  }

  private List<OutboxRow> enqueue(TenantId tenant, int n, Instant due) {
    List<OutboxRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row(tenant, due));
    }
    store().inTransaction(tenant, tx -> {
      rows.forEach(tx.outbox()::enqueue);
      return null;
    });
    return rows;
  }

  private List<OutboxRow> claim(String owner, int limit, Duration lease, TenantId... tenants) {
    return store().outbox().claim(new ClaimRequest(owner, clock.instant(), limit, lease, Set.of(tenants)));
  }

  private static Set<UUID> ids(List<OutboxRow> rows) {
    Set<UUID> out = new HashSet<>();
    rows.forEach(r -> out.add(r.id()));
    return out;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void aRowReadsBackAsWrittenAndAClaimRaisesItsVersion() {
    OutboxRow written = enqueue(a, 1, clock.instant()).get(0);

    OutboxRow found = store().inTransaction(a, tx -> tx.outbox().find(written.id())).orElseThrow();
    List<OutboxRow> claimed = claim("node-1", 10, Duration.ofMinutes(1), a);

    assertThat(found).isEqualTo(written);
    assertThat(found.payload().get("tenant").asText()).isEqualTo(a.value());
    assertThat(claimed).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo(written.id());
      assertThat(r.tenant()).isEqualTo(a);
      assertThat(r.version()).isEqualTo(1);
      assertThat(r.payload()).isEqualTo(written.payload());
      assertThat(r.dueAt()).isEqualTo(written.dueAt());
    });
    Optional<OutboxRow> elsewhere = store().inTransaction(b, tx -> tx.outbox().find(written.id()));
    assertThat(elsewhere).isEmpty();
  }

  @Test
  void claimsTakeDueRowsOfEveryTenantAskedForOldestFirst() {
    Instant now = clock.instant();
    OutboxRow older = enqueue(b, 1, now.minus(Duration.ofMinutes(2))).get(0);
    OutboxRow old = enqueue(a, 1, now.minus(Duration.ofMinutes(1))).get(0);
    OutboxRow later = enqueue(a, 1, now.plus(Duration.ofMinutes(1))).get(0);
    enqueue(TenantId.of("t-" + UUID.randomUUID()), 1, now);

    List<OutboxRow> claimed = claim("node-1", 10, Duration.ofMinutes(1), a, b);

    assertThat(claimed).extracting(OutboxRow::id).containsExactly(older.id(), old.id());
    assertThat(claimed).extracting(OutboxRow::tenant).containsExactly(b, a);
    clock.advance(Duration.ofMinutes(1));
    assertThat(claim("node-1", 10, Duration.ofMinutes(1), a, b)).extracting(OutboxRow::id).containsExactly(later.id());
  }

  @Test
  void claimsByTwoDispatchersNeverOverlap() throws Exception {
    Set<UUID> all = new HashSet<>();
    all.addAll(ids(enqueue(a, 30, clock.instant())));
    all.addAll(ids(enqueue(b, 30, clock.instant())));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<List<OutboxRow>>> claims = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    try {
      for (int n = 0; n < 4; n++) {
        String owner = "node-" + n;
        Callable<List<OutboxRow>> drain = () -> {
          go.await();
          List<OutboxRow> mine = new ArrayList<>();
          for (int round = 0; round < 30; round++) {
            mine.addAll(claim(owner, 7, Duration.ofMinutes(1), a, b));
          }
          return mine;
        };
        claims.add(pool.submit(drain));
      }
      go.countDown();
      List<UUID> claimed = new ArrayList<>();
      for (Future<List<OutboxRow>> f : claims) {
        f.get(60, TimeUnit.SECONDS).forEach(r -> claimed.add(r.id()));
      }
      assertThat(claimed).doesNotHaveDuplicates();
      assertThat(new HashSet<>(claimed)).isEqualTo(all);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLiveLeaseIsNotClaimedAgainAndOneThatRanOutIs() {
    OutboxRow live = enqueue(a, 1, clock.instant()).get(0);
    OutboxRow brief = enqueue(b, 1, clock.instant()).get(0);

    List<OutboxRow> first = claim("node-1", 10, Duration.ofMinutes(1), a);
    List<OutboxRow> second = claim("node-2", 10, Duration.ofMinutes(1), a);
    List<OutboxRow> briefly = claim("node-1", 10, Duration.ofMillis(5), b);
    sleep(60);
    List<OutboxRow> again = claim("node-2", 10, Duration.ofMinutes(1), b);

    assertThat(first).extracting(OutboxRow::id).containsExactly(live.id());
    assertThat(second).isEmpty();
    assertThat(briefly).extracting(OutboxRow::version).containsExactly(1L);
    assertThat(again).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo(brief.id());
      assertThat(r.version()).isEqualTo(2);
    });
  }

  @Test
  void aStaleFencingVersionCanNeitherCompleteNorRescheduleARow() {
    OutboxRow row = enqueue(a, 1, clock.instant()).get(0);
    OutboxRow stalled = claim("node-1", 1, Duration.ofMillis(5), a).get(0);
    sleep(60);
    OutboxRow takenOver = claim("node-2", 1, Duration.ofMinutes(1), a).get(0);

    boolean staleCompleted = store().inTransaction(a, tx -> tx.outbox().complete(row.id(), stalled.version()));
    boolean staleRescheduled = store().inTransaction(a, tx -> tx.outbox().reschedule(row.id(), stalled.version(),
        clock.instant().plusSeconds(60), "too late"));
    boolean otherTenant = store().inTransaction(b, tx -> tx.outbox().complete(row.id(), takenOver.version()));
    OutboxRow still = store().inTransaction(a, tx -> tx.outbox().find(row.id())).orElseThrow();
    boolean completed = store().inTransaction(a, tx -> tx.outbox().complete(row.id(), takenOver.version()));

    assertThat(stalled.version()).isEqualTo(1);
    assertThat(takenOver.version()).isEqualTo(2);
    assertThat(staleCompleted).isFalse();
    assertThat(staleRescheduled).isFalse();
    assertThat(otherTenant).isFalse();
    assertThat(still.attempts()).isZero();
    assertThat(still.dueAt()).isEqualTo(row.dueAt());
    assertThat(completed).isTrue();
    Optional<OutboxRow> gone = store().inTransaction(a, tx -> tx.outbox().find(row.id()));
    assertThat(gone).isEmpty();
  }

  @Test
  void rescheduleCountsTheAttemptKeepsTheErrorAndEndsTheLease() {
    OutboxRow row = enqueue(a, 1, clock.instant()).get(0);
    OutboxRow claimed = claim("node-1", 1, Duration.ofMinutes(1), a).get(0);
    Instant retryAt = clock.instant().plus(Duration.ofMinutes(10));

    boolean rescheduled = store().inTransaction(a, tx -> tx.outbox().reschedule(row.id(), claimed.version(), retryAt,
        "sms: RATE_LIMITED: slow down"));
    List<OutboxRow> tooSoon = claim("node-2", 1, Duration.ofMinutes(1), a);
    clock.set(retryAt);
    List<OutboxRow> due = claim("node-2", 1, Duration.ofMinutes(1), a);

    assertThat(rescheduled).isTrue();
    assertThat(tooSoon).isEmpty();
    assertThat(due).singleElement().satisfies(r -> {
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(r.lastError()).contains("sms: RATE_LIMITED: slow down");
      assertThat(r.dueAt()).isEqualTo(retryAt);
      assertThat(r.version()).isEqualTo(2);
    });
  }

  @Test
  void rowsOfAUnitOfWorkAreClaimedOnlyOnceItCommitsAndNeverWhenItRollsBack() throws Exception {
    OutboxRow rolledBack = row(a, clock.instant());
    assertThatThrownBy(() -> store().inTransaction(a, tx -> {
      tx.outbox().enqueue(rolledBack);
      throw new IllegalStateException("boom");
    })).hasMessageContaining("boom");
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch claimedMeanwhile = new CountDownLatch(1);
    OutboxRow open = row(a, clock.instant());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> writer = pool.submit(() -> store().inTransaction(a, tx -> {
        tx.outbox().enqueue(open);
        written.countDown();
        claimedMeanwhile.await(30, TimeUnit.SECONDS);
        return null;
      }));
      assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
      List<OutboxRow> meanwhile = claim("node-1", 10, Duration.ofMinutes(1), a);
      claimedMeanwhile.countDown();
      writer.get(30, TimeUnit.SECONDS);
      List<OutboxRow> after = claim("node-1", 10, Duration.ofMinutes(1), a);

      assertThat(meanwhile).isEmpty();
      assertThat(after).extracting(OutboxRow::id).containsExactly(open.id());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCompletionRolledBackWithItsUnitOfWorkLeavesTheRowClaimedAsBefore() {
    OutboxRow row = enqueue(a, 1, clock.instant()).get(0);
    OutboxRow claimed = claim("node-1", 1, Duration.ofMinutes(1), a).get(0);

    assertThatThrownBy(() -> store().inTransaction(a, tx -> {
      assertThat(tx.outbox().complete(row.id(), claimed.version())).isTrue();
      throw new IllegalStateException("recording the send failed");
    })).hasMessageContaining("recording the send failed");
    List<OutboxRow> byOthers = claim("node-2", 1, Duration.ofMinutes(1), a);
    boolean completed = store().inTransaction(a, tx -> tx.outbox().complete(row.id(), claimed.version()));

    assertThat(byOthers).isEmpty();
    assertThat(completed).isTrue();
  }

  @Test
  void statsCountDueAndScheduledRowsAndTheOldestDue() {
    Instant now = clock.instant();
    enqueue(a, 2, now.minus(Duration.ofMinutes(5)));
    enqueue(a, 1, now);
    enqueue(b, 3, now.plus(Duration.ofHours(1)));

    OutboxStats both = store().outbox().stats(now, Set.of(a, b));
    OutboxStats onlyB = store().outbox().stats(now, Set.of(b));

    assertThat(both.due()).isEqualTo(3);
    assertThat(both.scheduled()).isEqualTo(3);
    assertThat(both.oldestDue()).contains(now.minus(Duration.ofMinutes(5)));
    assertThat(onlyB.due()).isZero();
    assertThat(onlyB.oldestDue()).isEmpty();
  }

  @Test
  void aRowOfAnotherTenantOrAnIdTakenTwiceIsRefused() {
    OutboxRow row = row(a, clock.instant());
    store().inTransaction(a, tx -> {
      tx.outbox().enqueue(row);
      return null;
    });

    assertThatThrownBy(() -> store().inTransaction(b, tx -> {
      tx.outbox().enqueue(row(a, clock.instant()));
      return null;
    })).hasMessageContaining("tenant").satisfies(e -> assertThat(e instanceof IllegalArgumentException
        || e.getCause() instanceof IllegalArgumentException).as("refused as a bad argument: " + e).isTrue());
    assertThatThrownBy(() -> store().inTransaction(a, tx -> {
      tx.outbox().enqueue(row);
      return null;
    })).isInstanceOf(io.github.omnictx.core.ConcurrentUpdateException.class);
  }
}
