package io.github.omnictx.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.ContactPreferences;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.journey.BuiltInJourneys;
import io.github.omnictx.core.journey.Journey;
import io.github.omnictx.core.journey.JourneyRun;
import io.github.omnictx.core.journey.JourneyRun.Status;
import io.github.omnictx.core.journey.JourneyRunId;
import io.github.omnictx.core.journey.SignalClassifier;
import io.github.omnictx.core.journey.Trigger;
import io.github.omnictx.core.loyalty.InMemoryLoyalty;
import io.github.omnictx.core.loyalty.LoyaltyPoints;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.Presence;
import io.github.omnictx.core.testing.FakeProvider;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.conversation.AgentId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The journey contract: the run repository of the storage SPI, and the built-in journeys through
 * the public API, on every store (the in-memory store and every JDBC dialect extend it). Time comes
 * from a clock the tests move; providers are {@link FakeProvider}s; each test works in a tenant of
 * its own and its dispatchers drain only that tenant, so {@link #store()} may return one shared
 * instance.
 */
public abstract class JourneyContractTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /**
   * The store under test. May return the same instance on every call.
   *
   * @return the store
   */
  protected abstract OmniStore store();

  protected final MutableClock clock = MutableClock.atMondayMorning();
  private final TenantId tenant = TenantId.of("j-" + UUID.randomUUID());
  private final FakeProvider sms = new FakeProvider("fake-sms", Channels.SMS.id());
  private final FakeProvider email = new FakeProvider("fake-email", Channels.EMAIL.id());
  private final FakeProvider push = new FakeProvider("fake-push", Channels.PUSH.id());
  private final InMemoryLoyalty loyalty = new InMemoryLoyalty(clock);

  private Omni omni(OmniStore store, Consumer<Omni.Builder> more) {
    Omni.Builder b = Omni.builder().store(store).clock(clock).adapter(sms).adapter(email).adapter(push).loyalty(loyalty);
    more.accept(b);
    return b.build();
  }

  private OmniTenant shop(Journey... journeys) {
    return omni(store(), b -> List.of(journeys).forEach(b::journey)).tenant(tenant);
  }

  private OutboundDispatcher dispatcher(Omni omni) {
    return omni.dispatcher(DispatcherSettings.builder().tenants(Set.of(tenant)).lease(Duration.ofMinutes(1)).build());
  }

  private OutboundDispatcher dispatcher(Journey... journeys) {
    return dispatcher(omni(store(), b -> List.of(journeys).forEach(b::journey)));
  }

  /** Runs the dispatcher until nothing due is left. */
  private static void drain(OutboundDispatcher d) {
    for (int i = 0; i < 100 && d.runOnce().claimed() > 0; i++) {
      // keep going
    }
  }

  private Customer anna(OmniTenant shop) {
    Customer c = shop.customers().create(List.of(Identity.email("anna@example.com"), Identity.phone("+49 151 12345678"),
        Identity.of(IdentityKind.DEVICE, "device-anna")), Map.of("name", "Anna"));
    for (var ch : List.of(Channels.EMAIL.id(), Channels.PUSH.id(), Channels.SMS.id())) {
      shop.consents().record(c.id(), ch, Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup");
    }
    return c;
  }

  private static Touchpoint record(OmniTenant shop, CustomerId c, TouchpointType type, Map<String, Object> payload) {
    return record(shop, c, type, payload, Optional.empty());
  }

  private static Touchpoint record(OmniTenant shop, CustomerId c, TouchpointType type, Map<String, Object> payload,
      Optional<Instant> occurredAt) {
    var p = JsonNodeFactory.instance.objectNode();
    payload.forEach((k, v) -> {
      if (v instanceof Integer i) {
        p.put(k, i);
      } else {
        p.put(k, v.toString());
      }
    });
    var b = NewTouchpoint.builder(c, type.equals(TouchpointType.STORE_VISIT) ? Channels.STORE.id() : Channels.WEB.id(),
        type).payload(p);
    occurredAt.ifPresent(b::occurredAt);
    return shop.timeline().record(b.build()).touchpoint();
  }

  private static JourneyRun onlyRun(OmniTenant shop, Customer c) {
    List<JourneyRun> runs = shop.journeys().ofCustomer(c.id(), 10);
    assertThat(runs).hasSize(1);
    return runs.get(0);
  }

  // ------------------------------------------------------------------ the repository

  private JourneyRun run(CustomerId customer, String key, int sequence, Status status, Instant at) {
    return new JourneyRun(new JourneyRunId(UUID.randomUUID()), "abandoned_cart", 1, customer, key, sequence, status, 0,
        status.ended() ? Optional.empty() : Optional.of(at.plusSeconds(1200)), at, at,
        status.ended() ? Optional.of(at) : Optional.empty(), status.ended() ? Optional.of("done") : Optional.empty(),
        JsonNodeFactory.instance.objectNode().put("since", at.toString()).put("ünïcode", "ä€𝄞"), 0);
  }

  @Test
  void runsReadBackWholeAndChangeOnlyAtTheirVersion() {
    Customer anna = anna(shop());
    Instant t0 = clock.instant();
    JourneyRun first = run(anna.id(), "cart-1", 0, Status.COMPLETED, t0);
    JourneyRun second = run(anna.id(), "cart-1", 1, Status.ACTIVE, t0.plusSeconds(60));
    JourneyRun other = run(anna.id(), "cart-2", 0, Status.ACTIVE, t0.plusSeconds(120));
    store().inTransaction(tenant, tx -> {
      tx.journeys().insert(first);
      tx.journeys().insert(second);
      tx.journeys().insert(other);
      return null;
    });

    store().inTransaction(tenant, tx -> {
      assertThat(tx.journeys().find(second.id())).contains(second);
      assertThat(tx.journeys().findLatest("abandoned_cart", "cart-1")).contains(second);
      assertThat(tx.journeys().findLatest("abandoned_cart", "cart-9")).isEmpty();
      assertThat(tx.journeys().findLatest("birthday", "cart-1")).isEmpty();
      assertThat(tx.journeys().findActive(Set.of(anna.id()))).containsExactly(second, other);
      assertThat(tx.journeys().findByCustomers(Set.of(anna.id()), 2)).containsExactly(other, second);
      return null;
    });
    Optional<JourneyRun> elsewhere = store().inTransaction(TenantId.of("x-" + UUID.randomUUID()),
        tx -> tx.journeys().find(second.id()));
    assertThat(elsewhere).isEmpty();

    JourneyRun moved = new JourneyRun(second.id(), second.journey(), 1, anna.id(), "cart-1", 1, Status.EXITED, 2,
        Optional.empty(), second.startedAt(), t0.plusSeconds(90), Optional.of(t0.plusSeconds(90)),
        Optional.of("exit guard: purchase"), second.context(), 1);
    store().inTransaction(tenant, tx -> {
      tx.journeys().update(moved, 0);
      return null;
    });
    Optional<JourneyRun> reread = store().inTransaction(tenant, tx -> tx.journeys().find(second.id()));
    assertThat(reread).contains(moved);
    assertThatThrownBy(() -> store().inTransaction(tenant, tx -> {
      tx.journeys().update(moved, 0);
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class);
    assertThatThrownBy(() -> store().inTransaction(tenant, tx -> {
      tx.journeys().insert(run(anna.id(), "cart-1", 1, Status.ACTIVE, t0));
      return null;
    })).as("a second run 1 of cart-1").isInstanceOf(ConcurrentUpdateException.class);
    List<JourneyRun> active = store().inTransaction(tenant, tx -> tx.journeys().findActive(Set.of(anna.id())));
    assertThat(active).containsExactly(other);
  }

  // ------------------------------------------------------------------ abandoned cart

  @Test
  void abandonedCartSendsEmailAndPushTwentyMinutesLater() {
    OmniTenant shop = shop(BuiltInJourneys.abandonedCart());
    Customer anna = anna(shop);
    OutboundDispatcher d = dispatcher(BuiltInJourneys.abandonedCart());
    record(shop, anna.id(), TouchpointType.CART_ABANDONED, Map.of("cart", "c-1", "items", "Trail Runners"));

    JourneyRun waiting = onlyRun(shop, anna);
    clock.advance(Duration.ofMinutes(19).plusSeconds(59));
    drain(d);
    List<Integer> before = List.of(email.sent().size(), push.sent().size());
    clock.advance(Duration.ofSeconds(1));
    drain(d);

    assertThat(waiting.status()).isEqualTo(Status.ACTIVE);
    assertThat(waiting.correlationKey()).isEqualTo("c-1");
    assertThat(waiting.waitingUntil()).contains(Instant.parse("2026-03-02T09:20:00Z"));
    assertThat(before).containsExactly(0, 0);
    assertThat(email.sent()).singleElement().satisfies(m -> assertThat(m.text()).get().asString()
        .contains("Trail Runners"));
    assertThat(push.sent()).hasSize(1);
    JourneyRun done = onlyRun(shop, anna);
    assertThat(done.status()).isEqualTo(Status.COMPLETED);
    assertThat(done.endedAt()).contains(Instant.parse("2026-03-02T09:20:00Z"));
    assertThat(shop.outbound().ofCustomer(anna.id(), 10)).hasSize(2)
        .allSatisfy(x -> assertThat(x.purpose()).isEqualTo(Purpose.MARKETING));
  }

  @Test
  void purchaseOfThatCartEndsTheRunAndNothingIsSentButAnotherCartsPurchaseDoesNot() {
    OmniTenant shop = shop(BuiltInJourneys.abandonedCart());
    Customer anna = anna(shop);
    OutboundDispatcher d = dispatcher(BuiltInJourneys.abandonedCart());
    record(shop, anna.id(), TouchpointType.CART_ABANDONED, Map.of("cart", "c-1"));
    record(shop, anna.id(), TouchpointType.CART_ABANDONED, Map.of("cart", "c-2"));
    clock.advance(Duration.ofMinutes(10));
    record(shop, anna.id(), TouchpointType.PURCHASE, Map.of("cart", "c-1"));

    clock.advance(Duration.ofMinutes(10));
    drain(d);

    assertThat(shop.journeys().latest("abandoned_cart", "c-1")).get()
        .satisfies(r -> {
          assertThat(r.status()).isEqualTo(Status.EXITED);
          assertThat(r.reason()).get().asString().contains("exit guard", "purchase");
        });
    assertThat(shop.journeys().latest("abandoned_cart", "c-2")).map(JourneyRun::status).contains(Status.COMPLETED);
    assertThat(email.sent()).hasSize(1);
    assertThat(push.sent()).hasSize(1);
  }

  @Test
  void oneRunPerCartWhileItRunsAndANewOneAfterItEnded() {
    OmniTenant shop = shop(BuiltInJourneys.abandonedCart());
    Customer anna = anna(shop);
    OutboundDispatcher d = dispatcher(BuiltInJourneys.abandonedCart());
    record(shop, anna.id(), TouchpointType.CART_ABANDONED, Map.of("cart", "c-1"));
    clock.advance(Duration.ofMinutes(5));
    record(shop, anna.id(), TouchpointType.CART_ABANDONED, Map.of("cart", "c-1"));
    int whileRunning = shop.journeys().ofCustomer(anna.id(), 10).size();
    clock.advance(Duration.ofMinutes(15));
    drain(d);
    record(shop, anna.id(), TouchpointType.CART_ABANDONED, Map.of("cart", "c-1"));

    assertThat(whileRunning).isEqualTo(1);
    assertThat(shop.journeys().ofCustomer(anna.id(), 10)).extracting(JourneyRun::sequence, JourneyRun::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Status.ACTIVE),
            org.assertj.core.groups.Tuple.tuple(0, Status.COMPLETED));
    assertThat(email.sent()).hasSize(1);
  }

  /** Claims go through here, so a test can commit something between a claim and its processing. */
  private static final class ClaimGate implements OmniStore {
    private final OmniStore inner;
    private volatile Runnable afterClaim = () -> {};

    ClaimGate(OmniStore inner) {
      this.inner = inner;
    }

    @Override
    public <T> T inTransaction(TenantId tenant, TransactionWork<T> work) {
      return inner.inTransaction(tenant, work);
    }

    @Override
    public OutboxClaims outbox() {
      return new OutboxClaims() {
        @Override
        public List<OutboxRow> claim(ClaimRequest request) {
          List<OutboxRow> rows = inner.outbox().claim(request);
          if (!rows.isEmpty()) {
            Runnable r = afterClaim;
            afterClaim = () -> {};
            r.run();
          }
          return rows;
        }

        @Override
        public OutboxStats stats(Instant now, Set<TenantId> tenants) {
          return inner.outbox().stats(now, tenants);
        }
      };
    }
  }

  @Test
  void exitGuardRacePurchaseCommittedWhileTheTimerIsClaimedSendsNothing() {
    OmniTenant shop = shop(BuiltInJourneys.abandonedCart());
    Customer anna = anna(shop);
    ClaimGate gate = new ClaimGate(store());
    OutboundDispatcher d = dispatcher(omni(gate, b -> b.journey(BuiltInJourneys.abandonedCart())));
    record(shop, anna.id(), TouchpointType.CART_ABANDONED, Map.of("cart", "c-1"));
    clock.advance(Duration.ofMinutes(20));
    gate.afterClaim = () -> record(shop, anna.id(), TouchpointType.PURCHASE, Map.of("cart", "c-1"));

    int claimed = d.runOnce().claimed();
    drain(d);

    assertThat(claimed).isEqualTo(1);
    assertThat(email.sent()).isEmpty();
    assertThat(push.sent()).isEmpty();
    assertThat(onlyRun(shop, anna).status()).isEqualTo(Status.EXITED);
    assertThat(shop.outbound().ofCustomer(anna.id(), 10)).isEmpty();
  }

  @Test
  void guardIsRecheckedInTheUnitOfWorkThatSendsForAPurchaseNoJourneySawRecorded() {
    OmniTenant shop = shop(BuiltInJourneys.abandonedCart());
    Customer anna = anna(shop);
    // A node that runs no journeys (an older deployment, a batch import) records the purchase.
    OmniTenant importer = shop();
    ClaimGate gate = new ClaimGate(store());
    OutboundDispatcher d = dispatcher(omni(gate, b -> b.journey(BuiltInJourneys.abandonedCart())));
    record(shop, anna.id(), TouchpointType.CART_ABANDONED, Map.of("cart", "c-1"));
    clock.advance(Duration.ofMinutes(20));
    gate.afterClaim = () -> record(importer, anna.id(), TouchpointType.PURCHASE, Map.of("cart", "c-1"),
        Optional.of(clock.instant().minusSeconds(1)));

    drain(d);

    assertThat(email.sent()).isEmpty();
    JourneyRun r = onlyRun(shop, anna);
    assertThat(r.status()).isEqualTo(Status.EXITED);
    assertThat(r.reason()).get().asString().contains("exit guard: purchase");
  }

  // ------------------------------------------------------------------ versions, failures

  @Test
  void aRunKeepsTheVersionItStartedWith() {
    Journey v1 = Journey.builder("welcome", 1).trigger(Trigger.on(TouchpointType.PAGE_VIEW))
        .waitFor(Duration.ofHours(1)).send(Purpose.MARKETING, List.of(Channels.EMAIL.id()), r -> "v1 text").build();
    Journey v2 = Journey.builder("welcome", 2).trigger(Trigger.on(TouchpointType.PAGE_VIEW))
        .waitFor(Duration.ofHours(1)).send(Purpose.MARKETING, List.of(Channels.EMAIL.id()), r -> "v2 text").build();
    OmniTenant old = shop(v1);
    Customer anna = anna(old);
    Customer bob = old.customers().create(List.of(Identity.email("bob@example.com")), Map.of());
    old.consents().record(bob.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web");
    record(old, anna.id(), TouchpointType.PAGE_VIEW, Map.of("page", "/"));
    OmniTenant upgraded = shop(v1, v2);
    record(upgraded, bob.id(), TouchpointType.PAGE_VIEW, Map.of("page", "/"));
    clock.advance(Duration.ofHours(1));
    drain(dispatcher(v1, v2));

    assertThat(onlyRun(upgraded, anna).journeyVersion()).isEqualTo(1);
    assertThat(onlyRun(upgraded, bob).journeyVersion()).isEqualTo(2);
    assertThat(email.sent()).extracting(m -> m.text().orElseThrow()).containsExactlyInAnyOrder("v1 text", "v2 text");
  }

  @Test
  void aStepThatCanNeverSucceedEndsTheRunWithTheReason() {
    Journey tooLong = Journey.builder("too_long", 1).trigger(Trigger.on(TouchpointType.PAGE_VIEW))
        .send(Purpose.TRANSACTIONAL, List.of(Channels.PUSH.id()), r -> "x".repeat(500)).build();
    OmniTenant shop = shop(tooLong);
    Customer anna = anna(shop);

    Touchpoint view = record(shop, anna.id(), TouchpointType.PAGE_VIEW, Map.of("page", "/"));

    JourneyRun r = onlyRun(shop, anna);
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.reason()).get().asString().contains("step 0", "can never succeed", "push");
    assertThat(shop.timeline().find(view.id())).as("the trigger is recorded all the same").isPresent();
  }

  // ------------------------------------------------------------------ NPS, late events

  private Touchpoint answer(OmniTenant shop, Customer c, String survey, int score, Optional<Instant> at) {
    return record(shop, c.id(), TouchpointType.SURVEY_ANSWER, Map.of("survey", survey, "score", score), at);
  }

  @Test
  void npsDetractorGetsAFollowUpAndATaskInTheStoresQueue() {
    Journey nps = BuiltInJourneys.npsAfterVisit(List.of(Channels.EMAIL.id()));
    OmniTenant shop = shop(nps);
    Customer anna = anna(shop);
    OutboundDispatcher d = dispatcher(nps);
    record(shop, anna.id(), TouchpointType.STORE_VISIT, Map.of("store", "berlin-mitte"));
    clock.advance(Duration.ofHours(2));
    drain(d);
    List<Integer> afterSurvey = List.of(email.sent().size(), shop.conversations().ofCustomer(anna.id()).size());
    clock.advance(Duration.ofHours(5));
    answer(shop, anna, "nps", 4, Optional.empty());
    drain(d);

    assertThat(afterSurvey).containsExactly(1, 0);
    assertThat(email.sent()).hasSize(2);
    assertThat(email.sent().get(1).text()).get().asString().contains("do better");
    Conversation task = shop.conversations().ofCustomer(anna.id()).get(0);
    assertThat(task.owner()).isEqualTo(Participant.queue("store-berlin-mitte"));
    assertThat(task.channels()).contains(Channels.STORE.id());
    assertThat(shop.conversations().transcript(task.id(), 10)).anySatisfy(t -> assertThat(t.payloadText("text"))
        .get().asString().contains("NPS score 4", "berlin-mitte"));
    assertThat(onlyRun(shop, anna).status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void npsPromoterGetsNothingMore() {
    Journey nps = BuiltInJourneys.npsAfterVisit(List.of(Channels.EMAIL.id()));
    OmniTenant shop = shop(nps);
    Customer anna = anna(shop);
    OutboundDispatcher d = dispatcher(nps);
    record(shop, anna.id(), TouchpointType.STORE_VISIT, Map.of("store", "berlin-mitte"));
    clock.advance(Duration.ofHours(2));
    drain(d);
    answer(shop, anna, "nps", 9, Optional.empty());
    drain(d);

    assertThat(email.sent()).hasSize(1);
    assertThat(shop.conversations().ofCustomer(anna.id())).isEmpty();
    assertThat(onlyRun(shop, anna).reason()).contains("survey done");
  }

  @Test
  void lateAnswersAreJudgedByWhenTheyHappenedNotWhenTheyArrived() {
    Journey nps = BuiltInJourneys.npsAfterVisit(List.of(Channels.EMAIL.id()));
    OmniTenant shop = shop(nps);
    Customer anna = anna(shop);
    Customer bob = shop.customers().create(List.of(Identity.email("bob@example.com")), Map.of());
    OutboundDispatcher d = dispatcher(nps);
    record(shop, anna.id(), TouchpointType.STORE_VISIT, Map.of("store", "s1"));
    record(shop, bob.id(), TouchpointType.STORE_VISIT, Map.of("store", "s1"));
    clock.advance(Duration.ofHours(2));
    drain(d);
    Instant deadline = clock.instant().plus(Duration.ofDays(3));
    clock.set(deadline.plusSeconds(3600));
    // Both recorded after the deadline, before the (late) timer fired: one happened in time, one not.
    answer(shop, anna, "nps", 3, Optional.of(deadline.minusSeconds(60)));
    answer(shop, bob, "nps", 3, Optional.of(deadline.plusSeconds(60)));
    drain(d);

    assertThat(shop.conversations().ofCustomer(anna.id())).hasSize(1);
    assertThat(shop.conversations().ofCustomer(bob.id())).isEmpty();
    assertThat(onlyRun(shop, bob).context().path("log").toString()).contains("no survey_answer within");
  }

  // ------------------------------------------------------------------ e-mail not opened

  @Test
  void anEmailNotOpenedIsFollowedByAnSmsAndAnOpenedOneIsNot() {
    Journey j = BuiltInJourneys.emailNotOpened(TouchpointType.ORDER_STATUS, Duration.ofHours(24),
        "Your order has shipped", "Your order has shipped (SMS)");
    OmniTenant shop = shop(j);
    Customer anna = anna(shop);
    OutboundDispatcher d = dispatcher(j);
    record(shop, anna.id(), TouchpointType.ORDER_STATUS, Map.of("order", "o-1", "status", "shipped"));
    drain(d);
    TouchpointId first = shop.outbound().ofCustomer(anna.id(), 10).get(0).touchpoint().orElseThrow();
    shop.timeline().updateStatus(first, DeliveryStatus.READ);
    record(shop, anna.id(), TouchpointType.ORDER_STATUS, Map.of("order", "o-2", "status", "shipped"));
    drain(d);
    clock.advance(Duration.ofHours(24));
    drain(d);

    assertThat(email.sent()).hasSize(2);
    assertThat(sms.sent()).singleElement().satisfies(m -> assertThat(m.text()).contains("Your order has shipped (SMS)"));
    assertThat(shop.journeys().ofCustomer(anna.id(), 10)).extracting(r -> r.reason().orElseThrow())
        .containsExactlyInAnyOrder("the e-mail was opened", "the e-mail was not opened: sent the SMS");
  }

  // ------------------------------------------------------------------ birthday

  @Test
  void birthdayGreetsAtNineInTheCustomersZoneAndOn28FebruaryInAYearWithout29() {
    Journey birthday = BuiltInJourneys.birthday();
    OmniTenant shop = shop(birthday);
    Customer anna = anna(shop);
    shop.consents().setPreferences(anna.id(), new ContactPreferences(List.of(Channels.EMAIL.id()), Optional.empty(),
        BERLIN));
    shop.customers().update(anna.id(), shop.customers().get(anna.id()).version(),
        b -> b.attribute("birthday", "1996-02-29"));
    OutboundDispatcher d = dispatcher(birthday);
    // 2026 is not a leap year: 28 February 2027 09:00 in Berlin is 08:00Z; this year's passed already.
    clock.set(Instant.parse("2027-02-28T07:59:59Z"));
    drain(d);
    int early = email.sent().size();
    clock.set(Instant.parse("2027-02-28T08:00:00Z"));
    drain(d);
    clock.set(Instant.parse("2028-02-29T08:00:00Z"));
    drain(d);

    assertThat(early).isZero();
    assertThat(email.sent()).hasSize(2);
    assertThat(email.sent().get(0).text()).get().asString().contains("Happy birthday, Anna");
    assertThat(shop.journeys().ofCustomer(anna.id(), 10)).extracting(JourneyRun::correlationKey)
        .containsExactly("birthday:2028", "birthday:2027");
  }

  // ------------------------------------------------------------------ negative signal

  @Test
  void aBadRatingMakesTheContactCentreCallBackWithApologyPoints() {
    Journey j = BuiltInJourneys.negativeSignal(SignalClassifier.ruleBased(), 200);
    OmniTenant shop = shop(j);
    shop.agents().register(Agent.builder(AgentId.of("petra")).presence(Presence.AVAILABLE).build());
    Customer anna = anna(shop);

    answer(shop, anna, "csat", 1, Optional.empty());
    answer(shop, anna, "csat", 2, Optional.empty());

    Conversation call = shop.conversations().ofCustomer(anna.id()).get(0);
    assertThat(shop.conversations().ofCustomer(anna.id())).hasSize(1);
    assertThat(call.channels()).contains(Channels.VOICE.id());
    assertThat(call.owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
    assertThat(shop.loyalty().balance(anna.id())).isEqualTo(200);
    assertThat(shop.timeline().page(TimelineQuery.forCustomer(anna.id()).types(LoyaltyPoints.AWARD).build())
        .items()).singleElement().satisfies(t -> assertThat(t.payload().path("points").asLong()).isEqualTo(200));
    assertThat(onlyRun(shop, anna).status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void anAngryMessageOpensACallBackAndAFriendlyOneDoesNot() {
    Journey j = BuiltInJourneys.negativeSignal(SignalClassifier.ruleBased(), 0);
    OmniTenant shop = shop(j);
    Customer anna = anna(shop);
    Customer bob = shop.customers().create(List.of(Identity.email("bob@example.com")), Map.of());
    message(shop, bob, "Thanks, the shoes fit perfectly!");
    message(shop, anna, "This is the WORST service, I want a refund");

    assertThat(shop.conversations().ofCustomer(anna.id())).filteredOn(c -> c.channels().contains(Channels.VOICE.id()))
        .singleElement().satisfies(c -> assertThat(c.owner()).isEqualTo(Participant.queue("callbacks")));
    assertThat(shop.journeys().ofCustomer(bob.id(), 10)).isEmpty();
  }

  @Test
  void theHandoffCardShowsTheLoyaltyBalance() {
    OmniTenant shop = shop(BuiltInJourneys.negativeSignal(SignalClassifier.ruleBased(), 150));
    Customer anna = anna(shop);
    shop.loyalty().award(anna.id(), Channels.STORE.id(), 50, "welcome", "welcome-anna");
    shop.loyalty().award(anna.id(), Channels.STORE.id(), 50, "welcome", "welcome-anna");
    message(shop, anna, "Where is my parcel?");
    Conversation chat = shop.conversations().ofCustomer(anna.id()).get(0);
    message(shop, anna, "This is unacceptable, I want a refund");

    var h = shop.handoffs().offer(chat.id(), io.github.omnictx.core.handoff.HandoffRequest
        .to(Participant.queue("support"), "angry customer").build());

    assertThat(shop.handoffs().context(h.id()).customer().loyaltyBalance()).contains(200L);
    assertThat(shop.timeline().page(TimelineQuery.forCustomer(anna.id()).types(LoyaltyPoints.AWARD).build()).items())
        .hasSize(2);
  }

  @Test
  void erasingACustomerDeletesTheirRunsAndTimersAndTheExportListsThem() {
    Omni omni = omni(store(), b -> b.journey(BuiltInJourneys.abandonedCart()).privacy(
        io.github.omnictx.core.privacy.PrivacySettings.builder().tombstoneSecret("journey-contract-secret-at-least-32-bytes"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .build()));
    OmniTenant shop = omni.tenant(tenant);
    Customer anna = anna(shop);
    record(shop, anna.id(), TouchpointType.CART_ABANDONED, Map.of("cart", "c-1"));
    java.io.ByteArrayOutputStream export = new java.io.ByteArrayOutputStream();
    shop.privacy().export(anna.id(), export);

    shop.privacy().erase(anna.id(), "dsr-journeys");
    clock.advance(Duration.ofMinutes(20));
    drain(dispatcher(BuiltInJourneys.abandonedCart()));

    assertThat(export.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("abandoned_cart", "c-1");
    assertThat(shop.journeys().latest("abandoned_cart", "c-1")).isEmpty();
    assertThat(email.sent()).isEmpty();
  }

  private static void message(OmniTenant shop, Customer c, String text) {
    shop.conversations().receive(NewTouchpoint.builder(c.id(), Channels.WEB_CHAT.id(), TouchpointType.MESSAGE)
        .direction(Direction.INBOUND).payload(JsonNodeFactory.instance.objectNode().put("text", text)).build());
  }
}
