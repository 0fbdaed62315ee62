package io.github.omnictx.core.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.DispatcherStats;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.spi.OutboxRow;
import io.github.omnictx.core.testing.FakeProvider;
import io.github.omnictx.core.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The dispatcher's loop, queue figures and its one instance per call of {@code omni.dispatcher()}. */
class OutboxDispatcherTest {
  private final MutableClock clock = MutableClock.atMondayMorning();
  private final FakeProvider email = new FakeProvider("fake-email", Channels.EMAIL.id());
  private final Omni omni = Omni.builder().store(new InMemoryStore()).clock(clock).adapter(email).build();
  private final OmniTenant shop = omni.tenant("acme");
  private final Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());

  private void send(String key) {
    shop.outbound().send(OutboundIntent.builder(anna.id(), Purpose.TRANSACTIONAL, key).text("Your order shipped")
        .channels(List.of(Channels.EMAIL.id())).build());
  }

  private static void awaitSent(FakeProvider provider, int n) throws InterruptedException {
    for (int i = 0; i < 2000 && provider.sent().size() < n; i++) {
      Thread.sleep(10);
    }
  }

  @Test
  void theLoopSendsWhatIsQueuedUntilClosedAndCannotStartTwice() throws Exception {
    OutboundDispatcher dispatcher = omni.dispatcher();
    send("o-1");
    dispatcher.start(Duration.ofMillis(5));
    awaitSent(email, 1);
    send("o-2");
    awaitSent(email, 2);

    assertThat(email.sent()).hasSize(2);
    assertThatThrownBy(() -> dispatcher.start(Duration.ofMillis(5))).isInstanceOf(IllegalStateException.class);
    dispatcher.close();
    assertThatThrownBy(() -> dispatcher.start(Duration.ofMillis(5))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void loopsOnTheApplicationsExecutorDrainTogether() throws Exception {
    for (int i = 0; i < 30; i++) {
      send("o-" + i);
    }
    ScheduledExecutorService pool = Executors.newScheduledThreadPool(3);
    try (OutboundDispatcher dispatcher = omni.dispatcher(DispatcherSettings.builder().batchSize(4).build())) {
      dispatcher.start(pool, 3, Duration.ofMillis(5));
      awaitSent(email, 30);
    } finally {
      pool.shutdownNow();
    }

    assertThat(email.sent()).hasSize(30);
    assertThat(email.sent()).extracting(m -> m.idempotencyKey()).doesNotHaveDuplicates();
  }

  @Test
  void statsShowTheQueueDepthAndHowLongTheOldestRowHasBeenDue() {
    OutboundDispatcher dispatcher = omni.dispatcher();
    send("o-1");
    clock.advance(Duration.ofMinutes(3));
    send("o-2");
    clock.advance(Duration.ofMinutes(2));

    DispatcherStats before = dispatcher.stats();
    dispatcher.runOnce();
    DispatcherStats after = dispatcher.stats();

    assertThat(before.due()).isEqualTo(2);
    assertThat(before.oldestDueAge()).isEqualTo(Duration.ofMinutes(5));
    assertThat(after.due()).isZero();
    assertThat(after.oldestDueAge()).isZero();
    assertThat(after.perChannel().get(Channels.EMAIL.id()).sent()).isEqualTo(2);
    assertThat(omni.dispatcher().settings().nodeId()).isNotEqualTo(dispatcher.settings().nodeId());
  }

  @Test
  void aRowThisNodeCannotReadIsPutBackForAnotherInsteadOfDropped() {
    OutboxRow foreign = OutboxRow.pending(UUID.randomUUID(), shop.id(), "journey", anna.id().toString(),
        "journey.timer", JsonNodeFactory.instance.objectNode(), clock.instant(), clock.instant());
    omni.store().inTransaction(shop.id(), tx -> {
      tx.outbox().enqueue(foreign);
      return null;
    });
    OutboundDispatcher dispatcher = omni.dispatcher();

    assertThat(dispatcher.runOnce().finished()).isEqualTo(1);
    assertThat(dispatcher.runOnce().claimed()).isZero();
    assertThat(omni.store().inTransaction(shop.id(), tx -> tx.outbox().find(foreign.id())).orElseThrow().lastError())
        .get().asString().contains("no handler for journey journey.timer");
    clock.advance(Duration.ofHours(1));
    assertThat(dispatcher.runOnce().claimed()).isEqualTo(1);
  }

  /** An e-mail adapter that takes {@code pause} per send, or hangs until interrupted when told to. */
  private static final class SlowEmail implements io.github.omnictx.core.channel.spi.OutboundAdapter {
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger interrupted = new java.util.concurrent.atomic.AtomicInteger();
    private final Duration pause;

    SlowEmail(Duration pause) {
      this.pause = pause;
    }

    @Override
    public String id() {
      return "slow-email";
    }

    @Override
    public io.github.omnictx.core.channel.ChannelId channel() {
      return Channels.EMAIL.id();
    }

    @Override
    public io.github.omnictx.core.channel.spi.SendReceipt send(
        io.github.omnictx.core.channel.spi.OutboundMessage message) {
      int n = calls.incrementAndGet();
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        Thread.currentThread().interrupt();
        throw new io.github.omnictx.core.channel.spi.DeliveryException(id(), 
            io.github.omnictx.core.channel.spi.DeliveryException.Reason.TEMPORARY, null, null, "interrupted", e);
      }
      return new io.github.omnictx.core.channel.spi.SendReceipt("slow-" + n,
          io.github.omnictx.core.timeline.DeliveryStatus.SENT);
    }
  }

  @Test
  void aProviderCallThatDoesNotAnswerInTimeIsATemporaryFailureAndTheDispatcherGoesOn() {
    SlowEmail hanging = new SlowEmail(Duration.ofMinutes(5));
    Omni slow = Omni.builder().store(omni.store()).clock(clock).adapter(hanging).build();
    send("o-hang");
    OutboundDispatcher dispatcher = slow.dispatcher(DispatcherSettings.builder().callTimeout(Duration.ofMillis(200))
        .build());

    long started = System.nanoTime();
    io.github.omnictx.core.outbound.DispatchRun run = dispatcher.runOnce();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(run.retried()).isEqualTo(1);
    assertThat(tookMillis).as("waited for the timeout, not the provider").isLessThan(60_000);
    assertThat(shop.outbound().findByDedupKey("o-hang").flatMap(d -> shop.outbound().progress(d.id())).orElseThrow()
        .lastError()).get().asString().contains("no answer within PT0.2S").contains("same idempotency key");
    for (int i = 0; i < 200 && hanging.interrupted.get() == 0; i++) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    assertThat(hanging.interrupted.get()).as("the abandoned call was interrupted").isEqualTo(1);
  }

  @Test
  void theCallTimeoutNeverExceedsHalfTheLease() {
    assertThat(DispatcherSettings.builder().lease(Duration.ofSeconds(4)).build().callTimeout())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(DispatcherSettings.builder().callTimeout(Duration.ofSeconds(5)).build().callTimeout())
        .isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> DispatcherSettings.builder().callTimeout(Duration.ZERO))
        .hasMessageContaining("callTimeout");
  }

  @Test
  void rowsWhoseClaimIsHalfWayThroughItsLeaseAreLeftForTheNextClaimUncalled() throws InterruptedException {
    SlowEmail slowly = new SlowEmail(Duration.ofMillis(120));
    Omni slow = Omni.builder().store(omni.store()).clock(clock).adapter(slowly).build();
    for (int i = 0; i < 4; i++) {
      send("o-slow-" + i);
    }
    // 300 ms of a 600 ms lease: rows starting later than that are left (nominally the 4th).
    OutboundDispatcher dispatcher = slow.dispatcher(DispatcherSettings.builder().lease(Duration.ofMillis(600))
        .batchSize(4).build());

    io.github.omnictx.core.outbound.DispatchRun first = dispatcher.runOnce();

    assertThat(first.claimed()).isEqualTo(4);
    assertThat(first.released()).isPositive();
    assertThat(first.sent()).isPositive();
    assertThat(first.sent() + first.released()).isEqualTo(4);
    assertThat(slowly.calls.get()).as("released rows were not sent").isEqualTo(first.sent());
    Thread.sleep(700); // the lease ends: the released rows come back, their attempts untouched
    io.github.omnictx.core.outbound.DispatchRun second = dispatcher.runOnce();
    assertThat(second.claimed()).isEqualTo(first.released());
    assertThat(second.retried()).isZero();
  }

  @Test
  void settingsRefuseValuesOutOfRange() {
    assertThatThrownBy(() -> DispatcherSettings.builder().batchSize(0)).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> DispatcherSettings.builder().lease(Duration.ofHours(2))).hasMessageContaining("lease");
    assertThatThrownBy(() -> DispatcherSettings.builder().backoff(Duration.ofMinutes(5), Duration.ofMinutes(1)))
        .hasMessageContaining("backoff");
    assertThatThrownBy(() -> omni.dispatcher().start(Duration.ZERO)).hasMessageContaining("pollInterval");
  }
}
