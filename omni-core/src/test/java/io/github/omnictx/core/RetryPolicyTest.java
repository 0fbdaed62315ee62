package io.github.omnictx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationPolicy;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffConflictException;
import io.github.omnictx.core.handoff.HandoffRequest;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.spi.CustomerRepository;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.TouchpointRepository;
import io.github.omnictx.core.spi.TransactionWork;
import io.github.omnictx.core.testing.ForwardingTransaction;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one retry loop: how often a write that lost a race runs again, and what it never retries. */
class RetryPolicyTest {
  private final MutableClock clock = MutableClock.atMondayMorning();
  private final LosingStore store = new LosingStore();
  private final List<OmniEvent> events = new CopyOnWriteArrayList<>();

  private OmniTenant shop(RetryPolicy policy) {
    return Omni.builder().store(store).clock(clock).retryPolicy(policy).listener(events::add)
        .conversationPolicy(ConversationPolicy.builder().initialOwner(Participant.bot("bot")).build())
        .build().tenant("acme");
  }

  @Test
  void defaultsAllowTenAttemptsWithoutAPause() {
    RetryPolicy defaults = RetryPolicy.defaults();
    assertThat(defaults.maxAttempts()).isEqualTo(10);
    assertThat(defaults.initialBackoff()).isZero();
    assertThat(defaults.backoffAfter(1)).isZero();
    assertThat(defaults.backoffAfter(9)).isZero();
    assertThat(Omni.builder().build().retryPolicy()).isSameAs(defaults);
  }

  @Test
  void builderRejectsValuesOutOfRangeNamingThem() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be between 1 and 100, was: 0");
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(101)).hasMessageContaining("was: 101");
    assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofMillis(-1), Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial backoff").hasMessageContaining("-0.001S");
    assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofMillis(20), Duration.ofMillis(10)))
        .hasMessageContaining("max backoff").hasMessageContaining("PT0.01S");
    assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ZERO, Duration.ofSeconds(11)))
        .hasMessageContaining("PT11S");
    assertThatThrownBy(() -> RetryPolicy.builder().sleeper(null)).hasMessage("sleeper must not be null");
    assertThatThrownBy(() -> Omni.builder().retryPolicy(null)).hasMessage("retryPolicy must not be null");
    assertThatThrownBy(() -> RetryPolicy.defaults().backoffAfter(0)).hasMessageContaining("was: 0");
  }

  @Test
  void backoffDoublesUpToTheMaximumWithJitterBetweenHalfAndAll() {
    RetryPolicy p = RetryPolicy.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(40)).build();
    long[] bases = {10, 20, 40, 40, 40};
    for (int failed = 1; failed <= bases.length; failed++) {
      Duration base = Duration.ofMillis(bases[failed - 1]);
      for (int i = 0; i < 200; i++) {
        assertThat(p.backoffAfter(failed)).as("after %d lost attempts", failed)
            .isBetween(base.dividedBy(2), base);
      }
    }
    assertThat(p.backoffAfter(Integer.MAX_VALUE)).isLessThanOrEqualTo(Duration.ofMillis(40));
  }

  @Test
  void consentsRecordRunsAsOftenAsThePolicyAllowsNotFiveTimes() {
    OmniTenant shop = shop(RetryPolicy.defaults());
    Customer anna = shop.customers().create(List.of(), Map.of());
    store.loseCustomerUpdates(7);
    int before = store.transactions.get();
    Customer after = shop.consents().record(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED,
        "web form");
    assertThat(store.transactions.get() - before).isEqualTo(8);
    assertThat(after.consent(Channels.EMAIL.id(), Purpose.MARKETING)).isPresent();
    assertThat(shop.customers().get(anna.id())).isEqualTo(after);
  }

  @Test
  void aWriteThatLosesEveryAttemptThrowsTheConflictAndChangesNothing() {
    OmniTenant shop = shop(RetryPolicy.builder().maxAttempts(3).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    events.clear();
    store.loseCustomerUpdates(100);
    int before = store.transactions.get();
    assertThatThrownBy(() -> shop.consents().record(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING,
        ConsentStatus.GRANTED, "web form")).isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("lost");
    assertThat(store.transactions.get() - before).isEqualTo(3);
    store.loseCustomerUpdates(0);
    assertThat(shop.customers().get(anna.id())).isEqualTo(anna);
    assertThat(events).isEmpty();
  }

  @Test
  void pausesBetweenAttemptsGoThroughTheSleeper() {
    List<Duration> pauses = new ArrayList<>();
    OmniTenant shop = shop(RetryPolicy.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(40))
        .sleeper(pauses::add).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    store.loseCustomerUpdates(4);
    shop.consents().record(anna.id(), Channels.SMS.id(), Purpose.SERVICE, ConsentStatus.GRANTED, "till");
    assertThat(pauses).hasSize(4);
    long[] bases = {10, 20, 40, 40};
    for (int i = 0; i < bases.length; i++) {
      assertThat(pauses.get(i)).isBetween(Duration.ofMillis(bases[i] / 2), Duration.ofMillis(bases[i]));
    }
  }

  @Test
  void anInterruptedPauseStopsRetryingAndKeepsTheInterrupt() {
    OmniTenant shop = shop(RetryPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(1))
        .sleeper(d -> {
          throw new InterruptedException("shutting down");
        }).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    store.loseCustomerUpdates(100);
    int before = store.transactions.get();
    try {
      assertThatThrownBy(() -> shop.consents().record(anna.id(), Channels.SMS.id(), Purpose.SERVICE,
          ConsentStatus.GRANTED, "till")).isInstanceOf(ConcurrentUpdateException.class)
          .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(InterruptedException.class));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(store.transactions.get() - before).isEqualTo(1);
  }

  @Test
  void aStaleVersionOfTheCallerIsNeverRetried() {
    OmniTenant shop = shop(RetryPolicy.defaults());
    Customer anna = shop.customers().create(List.of(), Map.of());
    shop.customers().update(anna.id(), 0, b -> b.attribute("tier", "gold"));
    int before = store.transactions.get();
    assertThatThrownBy(() -> shop.customers().update(anna.id(), 0, b -> b.attribute("tier", "bronze")))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(store.transactions.get() - before).isEqualTo(1);
  }

  @Test
  void aHandoffAcceptedByAnotherAgentIsTheAnswerAndIsNotRetried() {
    OmniTenant shop = shop(RetryPolicy.defaults());
    shop.agents().register(Agent.builder(AgentId.of("petra")).build());
    shop.agents().register(Agent.builder(AgentId.of("bob")).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(NewTouchpoint.builder(anna.id(), Channels.WEB_CHAT.id(),
        TouchpointType.MESSAGE).externalId("m1").build()).conversation().id();
    Handoff h = shop.handoffs().offer(id, HandoffRequest.to(Participant.queue("support"), "needs a person").build());
    shop.handoffs().accept(h.id(), AgentId.of("petra"));
    int before = store.transactions.get();
    assertThatThrownBy(() -> shop.handoffs().accept(h.id(), AgentId.of("bob"))).isInstanceOf(HandoffConflictException.class);
    assertThat(store.transactions.get() - before).isEqualTo(1);
  }

  @Test
  void aDeliveryStatusThatMovedConcurrentlyIsDecidedAgainInTheSameLoop() {
    OmniTenant shop = shop(RetryPolicy.defaults());
    Customer anna = shop.customers().create(List.of(), Map.of());
    Touchpoint sent = shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.SMS.id(), TouchpointType.MESSAGE)
        .direction(Direction.OUTBOUND).externalId("SM1").status(DeliveryStatus.SENT).build()).touchpoint();
    store.loseStatusUpdates(2);
    int before = store.transactions.get();
    Touchpoint delivered = shop.timeline().updateStatus(sent.id(), DeliveryStatus.DELIVERED);
    assertThat(store.transactions.get() - before).isEqualTo(3);
    assertThat(delivered.status()).contains(DeliveryStatus.DELIVERED);
    assertThat(shop.timeline().get(sent.id()).status()).contains(DeliveryStatus.DELIVERED);
  }

  /**
   * The in-memory store, counting units of work, that can make the next customer updates lose a
   * race (as a version compare-and-set against a concurrent writer would) and the next delivery
   * status compare-and-sets find the status moved.
   */
  private static final class LosingStore implements OmniStore {
    @Override
    public io.github.omnictx.core.spi.OutboxClaims outbox() {
      return delegate.outbox();
    }

    private final InMemoryStore delegate = new InMemoryStore();
    final AtomicInteger transactions = new AtomicInteger();
    private final AtomicInteger customerLosses = new AtomicInteger();
    private final AtomicInteger statusLosses = new AtomicInteger();

    void loseCustomerUpdates(int n) {
      customerLosses.set(n);
    }

    void loseStatusUpdates(int n) {
      statusLosses.set(n);
    }

    @Override
    public <T> T inTransaction(TenantId tenant, TransactionWork<T> work) {
      transactions.incrementAndGet();
      return delegate.inTransaction(tenant, tx -> work.execute(new ForwardingTransaction(tx) {
        @Override
        public CustomerRepository customers() {
          return intercept(CustomerRepository.class, tx.customers(), "update", customerLosses, () -> {
            throw new ConcurrentUpdateException("customer update lost a race");
          });
        }

        @Override
        public TouchpointRepository touchpoints() {
          return intercept(TouchpointRepository.class, tx.touchpoints(), "updateStatus", statusLosses, () -> false);
        }
      }));
    }

    /** Answers the named method with {@code loss} while losses remain, else forwards it. */
    private static <R> R intercept(Class<R> type, R target, String method, AtomicInteger losses,
        java.util.function.Supplier<Object> loss) {
      return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
        if (m.getName().equals(method) && losses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          return loss.get();
        }
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }));
    }
  }
}
