package io.github.omnictx.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.DeliveryException;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.OutboundMessage.Template;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.ContactPreferences;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.consent.QuietHours;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.service.Received;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.OutboundDecided;
import io.github.omnictx.core.event.OutboundFailed;
import io.github.omnictx.core.event.OutboundSent;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.outbound.ChannelVerdict;
import io.github.omnictx.core.outbound.DecisionId;
import io.github.omnictx.core.outbound.DedupKeyConflictException;
import io.github.omnictx.core.outbound.DispatchRun;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.FallbackPolicy;
import io.github.omnictx.core.outbound.FrequencyCap;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundDecision.Outcome;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.outbound.OutboundPolicy;
import io.github.omnictx.core.outbound.OutboundProgress;
import io.github.omnictx.core.outbound.OutboundStep;
import io.github.omnictx.core.outbound.SuppressionReason;
import io.github.omnictx.core.testing.FakeProvider;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The outbound contract: decisions, the outbox and the dispatcher, through the public API, on
 * every store (the in-memory store and every JDBC dialect extend it). Time comes from a clock the
 * tests move; providers are {@link FakeProvider}s. Each test works in a tenant of its own and its
 * dispatchers drain only that tenant, so {@link #store()} may return one shared instance.
 */
public abstract class OutboundContractTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /**
   * The store under test. May return the same instance on every call.
   *
   * @return the store
   */
  protected abstract OmniStore store();

  protected final MutableClock clock = MutableClock.atMondayMorning();
  private final TenantId tenant = TenantId.of("t-" + UUID.randomUUID());
  private final FakeProvider sms = new FakeProvider("fake-sms", Channels.SMS.id());
  private final FakeProvider email = new FakeProvider("fake-email", Channels.EMAIL.id());
  private final FakeProvider whatsapp = new FakeProvider("fake-whatsapp", Channels.WHATSAPP.id());
  private final FakeProvider telegram = new FakeProvider("fake-telegram", Channels.TELEGRAM.id());
  private final FakeProvider push = new FakeProvider("fake-push", Channels.PUSH.id());
  private final List<OmniEvent> events = new CopyOnWriteArrayList<>();

  private Omni omni(OutboundPolicy policy) {
    return Omni.builder().store(store()).clock(clock).outboundPolicy(policy).listener(events::add)
        .adapter(sms).adapter(email).adapter(whatsapp).adapter(telegram).adapter(push).build();
  }

  private OmniTenant shop(Omni omni) {
    return omni.tenant(tenant);
  }

  private OmniTenant shop() {
    return shop(omni(OutboundPolicy.defaults()));
  }

  private OutboundDispatcher dispatcher(OmniTenant shop) {
    return omni(shop.outbound().policy()).dispatcher(DispatcherSettings.builder().tenants(Set.of(tenant))
        .lease(Duration.ofMinutes(1)).backoff(Duration.ofSeconds(30), Duration.ofMinutes(30)).build());
  }

  private static Customer anna(OmniTenant shop) {
    return shop.customers().create(List.of(Identity.email("anna@example.com"), Identity.phone("+49 151 12345678"),
        Identity.of(IdentityKind.TELEGRAM, "4242"), Identity.of(IdentityKind.WHATSAPP, "4915112345678")),
        Map.of("name", "Anna"));
  }

  private static OutboundIntent.Builder intent(Customer c, Purpose purpose, String key) {
    return OutboundIntent.builder(c.id(), purpose, key).text("Your Trail Runners are waiting in your cart");
  }

  private static List<ChannelId> channels(OutboundDecision d) {
    return d.steps().stream().map(OutboundStep::channel).toList();
  }

  private void inbound(OmniTenant shop, Customer c, ChannelId channel, Instant at) {
    shop.timeline().record(NewTouchpoint.builder(c.id(), channel, TouchpointType.MESSAGE).occurredAt(at).build());
  }

  private long due(OutboundDispatcher d) {
    return d.stats().due();
  }

  // ------------------------------------------------------------------ consent

  @Test
  void revokedConsentSuppressesAndTheProviderIsNeverCalled() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    shop.consents().record(anna.id(), Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup");
    clock.advance(Duration.ofMinutes(5));
    shop.consents().record(anna.id(), Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.REVOKED, "sms-stop");

    OutboundDecision d = shop.outbound().send(intent(anna, Purpose.MARKETING, "cart-1")
        .channels(List.of(Channels.SMS.id())).build());
    OutboundDispatcher dispatcher = dispatcher(shop);
    DispatchRun run = dispatcher.runOnce();

    assertThat(d.outcome()).isEqualTo(Outcome.SUPPRESSED);
    assertThat(d.reason()).contains(SuppressionReason.NO_CONSENT);
    assertThat(d.rejected()).extracting(ChannelVerdict::channel).containsExactly(Channels.SMS.id());
    assertThat(d.rejected().get(0).detail()).contains("REVOKED", "sms-stop");
    assertThat(d.touchpoint()).isEmpty();
    assertThat(run.claimed()).isZero();
    assertThat(sms.sent()).isEmpty();
    assertThat(shop.outbound().findByDedupKey("cart-1")).contains(d);
    assertThat(shop.outbound().get(d.id())).isEqualTo(d);
    assertThat(shop.outbound().ofCustomer(anna.id(), 10)).containsExactly(d);
    assertThat(shop.outbound().progress(d.id())).map(OutboundProgress::state).contains(OutboundProgress.State.SUPPRESSED);
    assertThat(events).filteredOn(OutboundDecided.class::isInstance).hasSize(1);
    assertThat(due(dispatcher)).isZero();
  }

  @Test
  void marketingWithoutAnyAnswerIsSuppressedOnEveryChannel() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);

    OutboundDecision d = shop.outbound().send(intent(anna, Purpose.MARKETING, "cart-1").build());

    assertThat(d.reason()).contains(SuppressionReason.NO_CONSENT);
    assertThat(d.rejected()).filteredOn(v -> v.reason() == SuppressionReason.NO_CONSENT)
        .extracting(ChannelVerdict::channel).contains(Channels.SMS.id(), Channels.EMAIL.id(), Channels.TELEGRAM.id());
    assertThat(d.detail()).contains("marketing needs a grant");
  }

  @Test
  void consentWithdrawnAfterQueueingEndsTheStepWithoutCallingTheProvider() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    shop.consents().record(anna.id(), Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup");
    OutboundDecision d = shop.outbound().send(intent(anna, Purpose.MARKETING, "cart-1")
        .channels(List.of(Channels.SMS.id())).build());
    clock.advance(Duration.ofMinutes(1));
    shop.consents().record(anna.id(), Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.REVOKED, "sms-stop");

    DispatchRun run = dispatcher(shop).runOnce();

    assertThat(d.outcome()).isEqualTo(Outcome.QUEUED);
    assertThat(run.claimed()).isEqualTo(1);
    assertThat(run.finished()).isEqualTo(1);
    assertThat(sms.sent()).isEmpty();
    OutboundProgress p = shop.outbound().progress(d.id()).orElseThrow();
    assertThat(p.state()).isEqualTo(OutboundProgress.State.FAILED);
    assertThat(p.lastError()).get().asString().contains("NO_CONSENT", "REVOKED");
    assertThat(shop.timeline().get(d.touchpoint().orElseThrow()).status()).contains(DeliveryStatus.FAILED);
    assertThat(events).filteredOn(OutboundFailed.class::isInstance).extracting(e -> ((OutboundFailed) e).reason())
        .containsExactly("NO_CONSENT");
  }

  // ------------------------------------------------------------------ quiet hours

  @Test
  void quietHoursDeferToTheirEndInTheCustomersZoneAcrossDst() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    shop.consents().setPreferences(anna.id(), new ContactPreferences(List.of(),
        Optional.of(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))), BERLIN));
    // Saturday 22:30 in Berlin; clocks go forward at 02:00 that night: 08:00 CEST is 06:00Z, not 07:00Z.
    clock.set(Instant.parse("2026-03-28T21:30:00Z"));
    OutboundDecision spring = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "shipped-1")
        .channels(List.of(Channels.EMAIL.id())).build());
    OutboundDispatcher dispatcher = dispatcher(shop);
    DispatchRun early = dispatcher.runOnce();
    long scheduled = dispatcher.stats().scheduled();
    clock.set(Instant.parse("2026-03-29T05:59:59.999999Z"));
    DispatchRun stillEarly = dispatcher.runOnce();
    clock.set(Instant.parse("2026-03-29T06:00:00Z"));
    DispatchRun onTime = dispatcher.runOnce();

    assertThat(spring.outcome()).isEqualTo(Outcome.DEFERRED);
    assertThat(spring.dueAt()).contains(Instant.parse("2026-03-29T06:00:00Z"));
    assertThat(spring.detail()).contains("quiet hours 21:00-08:00 Europe/Berlin");
    assertThat(early.claimed()).isZero();
    assertThat(scheduled).isEqualTo(1);
    assertThat(stillEarly.claimed()).isZero();
    assertThat(onTime.sent()).isEqualTo(1);
    assertThat(email.sent()).hasSize(1);

    // Saturday 22:30 in Berlin again; clocks go back at 03:00 that night: 08:00 CET is 07:00Z.
    clock.set(Instant.parse("2026-10-24T20:30:00Z"));
    OutboundDecision autumn = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "shipped-2")
        .channels(List.of(Channels.EMAIL.id())).build());
    assertThat(autumn.dueAt()).contains(Instant.parse("2026-10-25T07:00:00Z"));

    // Service replies keep no quiet hours by default.
    OutboundDecision reply = shop.outbound().send(intent(anna, Purpose.SERVICE, "answer-1")
        .channels(List.of(Channels.EMAIL.id())).build());
    assertThat(reply.outcome()).isEqualTo(Outcome.QUEUED);
    assertThat(reply.dueAt()).contains(clock.instant());
  }

  @Test
  void aDeferralPastTheDeadlineIsSuppressed() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    shop.consents().setPreferences(anna.id(), new ContactPreferences(List.of(),
        Optional.of(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))), BERLIN));
    clock.set(Instant.parse("2026-03-02T21:30:00Z"));

    OutboundDecision d = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "flash-1")
        .deadline(Instant.parse("2026-03-03T00:00:00Z")).build());

    assertThat(d.reason()).contains(SuppressionReason.DEADLINE_PASSED);
    assertThat(d.detail()).contains("2026-03-03T07:00:00Z");
  }

  // ------------------------------------------------------------------ frequency caps

  @Test
  void aCapOfTwoMarketingMessagesADaySuppressesTheThirdAndAllowsTheNextDay() {
    OmniTenant shop = shop(omni(OutboundPolicy.builder().cap(FrequencyCap.perDay(2)).build()));
    Customer anna = anna(shop);
    shop.consents().record(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup");
    shop.consents().setPreferences(anna.id(), new ContactPreferences(List.of(), Optional.empty(), BERLIN));
    OutboundIntent.Builder mail = intent(anna, Purpose.MARKETING, "x").channels(List.of(Channels.EMAIL.id()));

    OutboundDecision first = shop.outbound().send(mail.build().withDedupKey("promo-1"));
    clock.advance(Duration.ofHours(3));
    OutboundDecision second = shop.outbound().send(mail.build().withDedupKey("promo-2"));
    clock.advance(Duration.ofHours(3));
    OutboundDecision third = shop.outbound().send(mail.build().withDedupKey("promo-3"));
    OutboundDecision receipt = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "receipt-1")
        .channels(List.of(Channels.EMAIL.id())).build());
    // 23:30Z on Monday is already Tuesday 00:30 in Berlin: a new calendar day for Anna.
    clock.set(Instant.parse("2026-03-02T23:30:00Z"));
    OutboundDecision nextDay = shop.outbound().send(mail.build().withDedupKey("promo-4"));

    assertThat(List.of(first.outcome(), second.outcome())).containsOnly(Outcome.QUEUED);
    assertThat(third.outcome()).isEqualTo(Outcome.SUPPRESSED);
    assertThat(third.reason()).contains(SuppressionReason.FREQUENCY_CAP);
    assertThat(third.detail()).contains("2 already");
    assertThat(receipt.outcome()).isEqualTo(Outcome.QUEUED);
    assertThat(nextDay.outcome()).isEqualTo(Outcome.QUEUED);
  }

  @Test
  void aCapOnOneChannelMovesTheMessageToAnotherChannel() {
    OmniTenant shop = shop(omni(OutboundPolicy.builder().cap(FrequencyCap.perDay(1).on(Channels.SMS.id())).build()));
    Customer anna = anna(shop);
    for (ChannelId c : List.of(Channels.SMS.id(), Channels.EMAIL.id())) {
      shop.consents().record(anna.id(), c, Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup");
    }
    OutboundIntent.Builder b = intent(anna, Purpose.MARKETING, "x").channels(List.of(Channels.SMS.id(), Channels.EMAIL.id()));

    OutboundDecision first = shop.outbound().send(b.build().withDedupKey("promo-1"));
    OutboundDecision second = shop.outbound().send(b.build().withDedupKey("promo-2"));

    assertThat(first.channel()).contains(Channels.SMS.id());
    assertThat(second.channel()).contains(Channels.EMAIL.id());
    assertThat(second.rejected()).extracting(ChannelVerdict::reason).containsExactly(SuppressionReason.FREQUENCY_CAP);
  }

  @Test
  void marketingRightAfterAPurchaseIsSuppressed() {
    OmniTenant shop = shop(omni(OutboundPolicy.builder().marketingPauseAfterPurchase(Duration.ofDays(3)).build()));
    Customer anna = anna(shop);
    shop.consents().record(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup");
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.STORE.id(), TouchpointType.PURCHASE)
        .occurredAt(clock.instant().minus(Duration.ofDays(1))).build());

    OutboundDecision ad = shop.outbound().send(intent(anna, Purpose.MARKETING, "ad-1").build());
    OutboundDecision receipt = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "receipt-1")
        .channels(List.of(Channels.EMAIL.id())).build());
    clock.advance(Duration.ofDays(2).plusMinutes(1));
    OutboundDecision later = shop.outbound().send(intent(anna, Purpose.MARKETING, "ad-2").build());

    assertThat(ad.reason()).contains(SuppressionReason.RECENT_PURCHASE);
    assertThat(receipt.outcome()).isEqualTo(Outcome.QUEUED);
    assertThat(later.channel()).contains(Channels.EMAIL.id());
  }

  // ------------------------------------------------------------------ service window, preference, habits

  @Test
  void aClosedWhatsAppWindowWithoutTemplateMovesToTheNextChannel() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    inbound(shop, anna, Channels.WHATSAPP.id(), clock.instant().minus(Duration.ofHours(30)));
    List<ChannelId> order = List.of(Channels.WHATSAPP.id(), Channels.EMAIL.id());

    OutboundDecision closed = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "order-1").channels(order).build());
    OutboundDecision templated = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "order-2").channels(order)
        .template(Channels.WHATSAPP.id(), new Template("order_update", "de", List.of("4711"))).build());
    inbound(shop, anna, Channels.WHATSAPP.id(), clock.instant().minus(Duration.ofHours(2)));
    OutboundDecision open = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "order-3").channels(order).build());

    assertThat(closed.channel()).contains(Channels.EMAIL.id());
    assertThat(closed.rejected()).singleElement().satisfies(v -> {
      assertThat(v.channel()).isEqualTo(Channels.WHATSAPP.id());
      assertThat(v.reason()).isEqualTo(SuppressionReason.SERVICE_WINDOW_CLOSED);
    });
    assertThat(templated.channel()).contains(Channels.WHATSAPP.id());
    assertThat(templated.steps().get(0).template()).map(Template::name).contains("order_update");
    assertThat(templated.steps().get(0).text()).isEmpty();
    assertThat(channels(templated)).containsExactly(Channels.WHATSAPP.id(), Channels.EMAIL.id());
    assertThat(open.channel()).contains(Channels.WHATSAPP.id());
    assertThat(open.steps().get(0).text()).isPresent();
  }

  @Test
  void thePreferredChannelComesFirstThenTheOneTheCustomerAnswersOnMost() {
    OmniTenant shop = shop();
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com"),
        Identity.phone("+49 151 12345678"), Identity.of(IdentityKind.TELEGRAM, "4242")), Map.of());
    Instant now = clock.instant();
    for (int i = 1; i <= 3; i++) {
      inbound(shop, anna, Channels.TELEGRAM.id(), now.minus(Duration.ofDays(i * 10)));
    }
    inbound(shop, anna, Channels.SMS.id(), now.minus(Duration.ofDays(3)));
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.SMS.id(), TouchpointType.MESSAGE)
        .direction(Direction.OUTBOUND).status(DeliveryStatus.READ).occurredAt(now.minus(Duration.ofDays(4))).build());
    // Beyond the 180-day answer window: does not count.
    for (int i = 0; i < 5; i++) {
      inbound(shop, anna, Channels.SMS.id(), now.minus(Duration.ofDays(200 + i)));
    }

    OutboundDecision byHabit = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "o-1").build());
    shop.consents().setPreferences(anna.id(), new ContactPreferences(List.of(Channels.EMAIL.id()), Optional.empty(),
        BERLIN));
    OutboundDecision byPreference = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "o-2").build());
    OutboundDecision noFallback = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "o-3")
        .fallback(FallbackPolicy.none()).build());

    assertThat(channels(byHabit)).containsExactly(Channels.TELEGRAM.id(), Channels.SMS.id(), Channels.EMAIL.id());
    assertThat(byHabit.detail()).startsWith("on telegram (3 answers)");
    assertThat(byHabit.rejected()).filteredOn(v -> v.channel().equals(Channels.WHATSAPP.id()))
        .extracting(ChannelVerdict::reason).containsExactly(SuppressionReason.NO_ADDRESS);
    assertThat(byHabit.rejected()).filteredOn(v -> v.channel().equals(Channels.VIBER.id()))
        .extracting(ChannelVerdict::reason).containsExactly(SuppressionReason.CHANNEL_UNAVAILABLE);
    assertThat(channels(byPreference)).containsExactly(Channels.EMAIL.id(), Channels.TELEGRAM.id(), Channels.SMS.id());
    assertThat(channels(noFallback)).containsExactly(Channels.EMAIL.id());
  }

  // ------------------------------------------------------------------ dedup and bad input

  @Test
  void aRepeatedDedupKeyReturnsTheFirstDecisionAndOtherContentIsRefused() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    OutboundIntent i = intent(anna, Purpose.TRANSACTIONAL, "shipped-4711").channels(List.of(Channels.EMAIL.id())).build();

    OutboundDecision first = shop.outbound().send(i);
    clock.advance(Duration.ofMinutes(1));
    OutboundDecision again = shop.outbound().send(i);
    OutboundDispatcher dispatcher = dispatcher(shop);
    long queued = due(dispatcher);

    assertThat(again).isEqualTo(first);
    assertThat(shop.outbound().explain(i)).isEqualTo(first);
    assertThat(queued).isEqualTo(1);
    assertThatThrownBy(() -> shop.outbound().send(i.toBuilder().text("Your parcel is late").build()))
        .isInstanceOfSatisfying(DedupKeyConflictException.class, e -> {
          assertThat(e.field()).isEqualTo("dedupKey");
          assertThat(e.first()).isEqualTo(first.id());
        });
    assertThat(due(dispatcher)).isEqualTo(1);
    assertThat(dispatcher.runOnce().sent()).isEqualTo(1);
    assertThat(email.sent()).singleElement().satisfies(m -> assertThat(m.text()).contains(i.text().orElseThrow()));
  }

  @Test
  void concurrentSendsOfOneDedupKeyRecordOneDecision() throws Exception {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    OutboundIntent i = intent(anna, Purpose.TRANSACTIONAL, "shipped-4712").channels(List.of(Channels.EMAIL.id())).build();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<OutboundDecision>> sends = new ArrayList<>();
      for (int n = 0; n < 6; n++) {
        sends.add(pool.submit(() -> {
          go.await();
          return shop.outbound().send(i);
        }));
      }
      go.countDown();
      Set<DecisionId> ids = new HashSet<>();
      for (Future<OutboundDecision> f : sends) {
        ids.add(f.get(60, TimeUnit.SECONDS).id());
      }

      assertThat(ids).hasSize(1);
      assertThat(shop.outbound().ofCustomer(anna.id(), 10)).hasSize(1);
      assertThat(due(dispatcher(shop))).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badInputIsATypedErrorNamingTheFieldAndQueuesNothing() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    String tooLongForTelegram = "a".repeat(4097);
    String elevenSmsSegments = "ł".repeat(671);

    assertThatThrownBy(() -> shop.outbound().send(OutboundIntent.builder(CustomerId.of(UUID.randomUUID().toString()),
        Purpose.SERVICE, "k").text("hi").build()))
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.kind()).isEqualTo("customer"));
    assertField(shop, OutboundIntent.builder(anna.id(), Purpose.SERVICE, "k").build(), "content");
    assertField(shop, OutboundIntent.builder(anna.id(), Purpose.SERVICE, "k").text("  ").build(), "text");
    assertField(shop, OutboundIntent.builder(anna.id(), Purpose.SERVICE, " ").text("hi").build(), "dedupKey");
    assertField(shop, intent(anna, Purpose.SERVICE, "k")
        .template(Channels.TELEGRAM.id(), new Template("order_update", "de", List.of())).build(), "templates.telegram");
    assertField(shop, OutboundIntent.builder(anna.id(), Purpose.SERVICE, "k").text(tooLongForTelegram)
        .channels(List.of(Channels.TELEGRAM.id())).build(), "text");
    assertField(shop, intent(anna, Purpose.SERVICE, "k").text(Channels.SMS.id(), elevenSmsSegments).build(),
        "channelTexts.sms");
    assertField(shop, intent(anna, Purpose.SERVICE, "k").channels(List.of(ChannelId.of("pigeon"))).build(), "channels");
    assertThat(SmsSegmentsProbe.segments("ł".repeat(670))).isEqualTo(10);
    assertThat(shop.outbound().send(intent(anna, Purpose.SERVICE, "k").text(Channels.SMS.id(), "ł".repeat(670))
        .channels(List.of(Channels.SMS.id())).build()).channel()).contains(Channels.SMS.id());

    shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "used").build());
    assertField(shop, intent(anna, Purpose.TRANSACTIONAL, "used").text("other").build(), "dedupKey");
    assertThat(shop.outbound().ofCustomer(anna.id(), 10)).hasSize(2);
    assertThat(due(dispatcher(shop))).isEqualTo(2);
  }

  private static void assertField(OmniTenant shop, OutboundIntent intent, String field) {
    assertThatThrownBy(() -> shop.outbound().send(intent))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    assertThatThrownBy(() -> shop.outbound().explain(intent)).isInstanceOf(InvalidInputException.class);
  }

  /** The SMS rule the bad-input test leans on, spelled out: 670 characters outside the GSM alphabet are 10 UCS-2 segments of 67. */
  private static final class SmsSegmentsProbe {
    static int segments(String text) {
      return io.github.omnictx.core.channel.SmsSegments.count(text);
    }
  }

  @Test
  void explainAnswersTheDecisionWithoutWritingAnything() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    OutboundIntent i = intent(anna, Purpose.TRANSACTIONAL, "shipped-1").channels(List.of(Channels.EMAIL.id())).build();

    OutboundDecision explained = shop.outbound().explain(i);

    assertThat(explained.outcome()).isEqualTo(Outcome.QUEUED);
    assertThat(explained.channel()).contains(Channels.EMAIL.id());
    assertThat(shop.outbound().findByDedupKey("shipped-1")).isEmpty();
    assertThat(shop.outbound().ofCustomer(anna.id(), 10)).isEmpty();
    assertThat(due(dispatcher(shop))).isZero();
    assertThat(shop.outbound().send(i).id()).isNotEqualTo(explained.id());
  }

  // ------------------------------------------------------------------ dispatch

  @Test
  void aQueuedMessageIsSentOnceWithItsIdempotencyKeyAndReceiptsOnlyMoveItForward() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    OutboundDecision d = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "shipped-1")
        .channels(List.of(Channels.SMS.id())).build());
    Touchpoint queued = shop.timeline().get(d.touchpoint().orElseThrow());
    OutboundDispatcher dispatcher = dispatcher(shop);

    DispatchRun first = dispatcher.runOnce();
    DispatchRun second = dispatcher.runOnce();

    assertThat(queued.status()).contains(DeliveryStatus.QUEUED);
    assertThat(queued.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(queued.payloadText("text")).contains("Your Trail Runners are waiting in your cart");
    assertThat(first.sent()).isEqualTo(1);
    assertThat(second.claimed()).isZero();
    OutboundMessage m = sms.sent().get(0);
    assertThat(sms.sent()).hasSize(1);
    assertThat(m.idempotencyKey()).isEqualTo(queued.id().toString());
    assertThat(m.recipient()).isEqualTo(Identity.phone("+4915112345678"));
    Touchpoint sent = shop.timeline().get(queued.id());
    assertThat(sent.status()).contains(DeliveryStatus.SENT);
    assertThat(sent.externalId()).contains(sms.messageId(1));
    assertThat(shop.outbound().progress(d.id()).orElseThrow().state()).isEqualTo(OutboundProgress.State.SENT);
    assertThat(events).filteredOn(OutboundSent.class::isInstance).singleElement()
        .satisfies(e -> assertThat(((OutboundSent) e).messageId()).isEqualTo(sms.messageId(1)));

    for (DeliveryStatus s : List.of(DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.DELIVERED,
        DeliveryStatus.FAILED, DeliveryStatus.SENT)) {
      assertThat(shop.webhooks().process("fake-sms", FakeProvider.receipt(sms.messageId(1), s)).statusUpdates()).isEqualTo(1);
    }
    assertThat(shop.timeline().get(queued.id()).status()).contains(DeliveryStatus.READ);
    assertThat(dispatcher.stats().perChannel().get(Channels.SMS.id()).sent()).isEqualTo(1);
  }

  @Test
  void aPushTokenTheProviderCallsGoneLeavesTheCustomerAndLaterSendsSkipPush() {
    OmniTenant shop = shop();
    Identity token = Identity.of(IdentityKind.DEVICE, "fcm-token-of-an-uninstalled-app");
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com"), token), Map.of("name", "Anna"));
    List<ChannelId> order = List.of(Channels.PUSH.id(), Channels.EMAIL.id());
    push.thenFail(DeliveryException.Reason.RECIPIENT_UNREACHABLE);
    OutboundDecision d = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "p-1").channels(order).build());
    OutboundDispatcher dispatcher = dispatcher(shop);

    assertThat(channels(d)).containsExactly(Channels.PUSH.id(), Channels.EMAIL.id());
    assertThat(dispatcher.runOnce().failed()).isEqualTo(1);
    assertThat(dispatcher.runOnce().sent()).isEqualTo(1);

    assertThat(shop.customers().get(anna.id()).identities()).containsExactly(Identity.email("anna@example.com"));
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
        io.github.omnictx.core.event.IdentityUnlinked.class, u -> assertThat(u.identity()).isEqualTo(token)));
    assertThat(email.sent()).hasSize(1);
    OutboundDecision later = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "p-2").channels(order).build());
    assertThat(channels(later)).containsExactly(Channels.EMAIL.id());
    assertThat(push.sent()).hasSize(1);
  }

  @Test
  void aPhoneOneChannelCannotReachStaysTheCustomers() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    sms.thenFail(DeliveryException.Reason.RECIPIENT_UNREACHABLE);
    shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "p-3").channels(List.of(Channels.SMS.id())).build());
    assertThat(dispatcher(shop).runOnce().failed()).isEqualTo(1);
    assertThat(shop.customers().get(anna.id()).identities()).contains(Identity.phone("+49 151 12345678"));
  }

  @Test
  void aTemporaryFailureIsRetriedWithBackoffAndAPermanentOneMovesToTheNextChannel() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    List<ChannelId> order = List.of(Channels.SMS.id(), Channels.EMAIL.id());
    sms.thenFail(DeliveryException.Reason.TEMPORARY);
    OutboundDecision d = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "o-1").channels(order).build());
    OutboundDispatcher dispatcher = dispatcher(shop);

    DispatchRun failed = dispatcher.runOnce();
    DispatchRun tooSoon = dispatcher.runOnce();
    clock.advance(Duration.ofHours(1));
    DispatchRun retried = dispatcher.runOnce();

    assertThat(failed.retried()).isEqualTo(1);
    assertThat(tooSoon.claimed()).isZero();
    assertThat(retried.sent()).isEqualTo(1);
    assertThat(sms.sent()).hasSize(2).extracting(OutboundMessage::idempotencyKey).containsOnly(d.touchpoint().orElseThrow()
        .toString());
    assertThat(email.sent()).isEmpty();

    sms.thenFail(DeliveryException.Reason.RECIPIENT_UNREACHABLE);
    OutboundDecision e = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "o-2").channels(order).build());
    DispatchRun permanent = dispatcher.runOnce();
    OutboundProgress moved = shop.outbound().progress(e.id()).orElseThrow();
    DispatchRun next = dispatcher.runOnce();

    assertThat(permanent.failed()).isEqualTo(1);
    assertThat(moved.step()).isEqualTo(1);
    assertThat(moved.state()).isEqualTo(OutboundProgress.State.PENDING);
    assertThat(moved.lastError()).get().asString().contains("RECIPIENT_UNREACHABLE");
    assertThat(next.sent()).isEqualTo(1);
    assertThat(email.sent()).singleElement().satisfies(m -> {
      assertThat(m.recipient()).isEqualTo(Identity.email("anna@example.com"));
      assertThat(m.idempotencyKey()).isEqualTo(moved.touchpoint().orElseThrow().toString());
    });
    assertThat(shop.timeline().get(e.touchpoint().orElseThrow()).status()).contains(DeliveryStatus.FAILED);
    assertThat(dispatcher.stats().perChannel().get(Channels.SMS.id()).retried()).isEqualTo(1);
    assertThat(dispatcher.stats().perChannel().get(Channels.SMS.id()).failed()).isEqualTo(1);
  }

  @Test
  void aProviderThatThrowsGarbageIsAClassifiedFailureAndTheOtherRowsAreStillSent() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    sms.then(m -> {
      throw new IllegalStateException("unexpected answer: <html>502 Bad Gateway</html>");
    });
    shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "o-1").channels(List.of(Channels.SMS.id())).build());
    shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "o-2").channels(List.of(Channels.EMAIL.id())).build());

    DispatchRun run = dispatcher(shop).runOnce();

    assertThat(run.claimed()).isEqualTo(2);
    assertThat(run.retried()).isEqualTo(1);
    assertThat(run.sent()).isEqualTo(1);
    assertThat(run.errors()).isZero();
    assertThat(events).filteredOn(OutboundFailed.class::isInstance).singleElement().satisfies(e -> {
      OutboundFailed f = (OutboundFailed) e;
      assertThat(f.reason()).isEqualTo("TEMPORARY");
      assertThat(f.retrying()).isTrue();
      assertThat(f.detail()).contains("502 Bad Gateway");
    });
  }

  @Test
  void aStepNotDeliveredWithinItsTimerMovesToTheNextChannel() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    OutboundIntent.Builder b = intent(anna, Purpose.TRANSACTIONAL, "x")
        .channels(List.of(Channels.SMS.id(), Channels.EMAIL.id()))
        .fallback(FallbackPolicy.nextChannelUnlessDeliveredWithin(Duration.ofHours(1)));
    OutboundDecision silent = shop.outbound().send(b.build().withDedupKey("o-1"));
    OutboundDispatcher dispatcher = dispatcher(shop);
    dispatcher.runOnce();
    clock.advance(Duration.ofMinutes(59));
    DispatchRun early = dispatcher.runOnce();
    clock.advance(Duration.ofMinutes(2));
    DispatchRun timer = dispatcher.runOnce();
    DispatchRun fallback = dispatcher.runOnce();

    assertThat(early.claimed()).isZero();
    assertThat(timer.finished()).isEqualTo(1);
    assertThat(fallback.sent()).isEqualTo(1);
    assertThat(email.sent()).hasSize(1);
    assertThat(shop.outbound().progress(silent.id()).orElseThrow().step()).isEqualTo(1);

    OutboundDecision delivered = shop.outbound().send(b.build().withDedupKey("o-2"));
    dispatcher.runOnce();
    shop.webhooks().process("fake-sms", FakeProvider.receipt(sms.messageId(2), DeliveryStatus.DELIVERED));
    clock.advance(Duration.ofHours(2));
    DispatchRun quiet = dispatcher.runOnce();

    assertThat(quiet.finished()).isEqualTo(1);
    assertThat(dispatcher.runOnce().claimed()).isZero();
    assertThat(email.sent()).hasSize(1);
    assertThat(shop.outbound().progress(delivered.id()).orElseThrow().step()).isZero();
  }

  @Test
  void aReceiptThatArrivesBeforeTheSendIsRecordedFindsTheStepByItsIdempotencyKey() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    OutboundDecision d = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "o-early")
        .channels(List.of(Channels.SMS.id())).build());
    String key = d.touchpoint().orElseThrow().toString();

    // The provider's webhook overtakes the dispatcher: its id is not recorded yet, our key is in it.
    int early = shop.webhooks().process("fake-sms", FakeProvider.receipt(sms.messageId(1), DeliveryStatus.DELIVERED,
        key)).statusUpdates();
    int unknown = shop.webhooks().process("fake-sms", FakeProvider.receipt("someone-elses-1", DeliveryStatus.DELIVERED,
        "not-one-of-ours")).statusUpdates();
    Touchpoint before = shop.timeline().get(d.touchpoint().orElseThrow());
    DispatchRun run = dispatcher(shop).runOnce();
    Touchpoint after = shop.timeline().get(d.touchpoint().orElseThrow());

    assertThat(early).isEqualTo(1);
    assertThat(unknown).isZero();
    assertThat(before.status()).contains(DeliveryStatus.DELIVERED);
    assertThat(before.externalId()).contains(sms.messageId(1));
    assertThat(run.sent()).isEqualTo(1);
    assertThat(after.status()).as("the send recorded later does not move it back").contains(DeliveryStatus.DELIVERED);
    assertThat(after.externalId()).contains(sms.messageId(1));
    assertThat(shop.webhooks().process("fake-sms", FakeProvider.receipt(sms.messageId(1), DeliveryStatus.READ))
        .statusUpdates()).isEqualTo(1);
  }

  @Test
  void aFailedReceiptThatOvertakesTheSendRecordStillMovesThePlanOn() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    OutboundDecision d = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "o-early-failed")
        .channels(List.of(Channels.SMS.id(), Channels.EMAIL.id())).build());
    OutboundDispatcher dispatcher = dispatcher(shop);

    shop.webhooks().process("fake-sms", FakeProvider.receipt(sms.messageId(1), DeliveryStatus.FAILED,
        d.touchpoint().orElseThrow().toString()));
    DispatchRun first = dispatcher.runOnce();
    OutboundProgress moved = shop.outbound().progress(d.id()).orElseThrow();
    DispatchRun second = dispatcher.runOnce();

    assertThat(first.sent()).isEqualTo(1);
    assertThat(shop.timeline().get(d.touchpoint().orElseThrow()).status()).contains(DeliveryStatus.FAILED);
    assertThat(moved.step()).isEqualTo(1);
    assertThat(moved.lastError()).get().asString().contains("reported failed before the send was recorded");
    assertThat(second.sent()).isEqualTo(1);
    assertThat(email.sent()).hasSize(1);
  }

  @Test
  void aFailedReceiptMovesThePlanToTheNextChannel() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    OutboundDecision d = shop.outbound().send(intent(anna, Purpose.TRANSACTIONAL, "o-1")
        .channels(List.of(Channels.SMS.id(), Channels.EMAIL.id())).build());
    OutboundDispatcher dispatcher = dispatcher(shop);
    dispatcher.runOnce();

    shop.webhooks().process("fake-sms", FakeProvider.receipt(sms.messageId(1), DeliveryStatus.FAILED));
    OutboundProgress moved = shop.outbound().progress(d.id()).orElseThrow();
    DispatchRun next = dispatcher.runOnce();

    assertThat(moved.step()).isEqualTo(1);
    assertThat(moved.lastError()).get().asString().contains("provider reported failed");
    assertThat(next.sent()).isEqualTo(1);
    assertThat(email.sent()).hasSize(1);
    assertThat(shop.timeline().get(d.touchpoint().orElseThrow()).status()).contains(DeliveryStatus.FAILED);
  }

  @Test
  void anAgentsReplyIsSentOnTheConversationsChannel() {
    OmniTenant shop = shop();
    Customer anna = anna(shop);
    Received in = shop.conversations().receive(NewTouchpoint.builder(anna.id(), Channels.TELEGRAM.id(),
        TouchpointType.MESSAGE).externalId("tg-1").build());
    Conversation c = in.conversation();

    OutboundDecision d = shop.conversations().sendReply(c.id(), c.owner(), "Yes, size 39 is in stock", "agent-msg-1");
    OutboundDecision again = shop.conversations().sendReply(c.id(), c.owner(), "Yes, size 39 is in stock", "agent-msg-1");
    DispatchRun run = dispatcher(shop).runOnce();

    assertThat(d.outcome()).isEqualTo(Outcome.QUEUED);
    assertThat(d.purpose()).isEqualTo(Purpose.SERVICE);
    assertThat(again).isEqualTo(d);
    assertThat(d.channel()).contains(Channels.TELEGRAM.id());
    assertThat(shop.timeline().get(d.touchpoint().orElseThrow()).conversationId()).contains(c.id());
    assertThat(shop.conversations().get(c.id()).firstResponseAt()).isPresent();
    assertThat(run.sent()).isEqualTo(1);
    assertThat(telegram.sent()).singleElement().satisfies(m -> {
      assertThat(m.text()).contains("Yes, size 39 is in stock");
      assertThat(m.recipient()).isEqualTo(Identity.of(IdentityKind.TELEGRAM, "4242"));
    });
  }
}
