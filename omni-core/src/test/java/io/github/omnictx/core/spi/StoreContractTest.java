package io.github.omnictx.core.spi;

import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.event.ConsentChanged;
import io.github.omnictx.core.event.CustomersMerged;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.OmniListener;
import io.github.omnictx.core.identity.IdentityConflictException;
import io.github.omnictx.core.identity.IdentityRules;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.identity.RefusedIdentity;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.identity.service.Resolution;
import java.util.Collection;
import java.util.HashMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.ContactPreferences;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.consent.QuietHours;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationStatus;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.conversation.service.Received;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.handoff.BotCollected;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffConflictException;
import io.github.omnictx.core.handoff.HandoffId;
import io.github.omnictx.core.handoff.HandoffOutcome;
import io.github.omnictx.core.handoff.HandoffRequest;
import io.github.omnictx.core.handoff.HandoffStatus;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.Presence;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.RecordResult;
import io.github.omnictx.core.timeline.TimelineOrder;
import io.github.omnictx.core.timeline.TimelinePage;
import io.github.omnictx.core.timeline.TimelinePosition;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The storage contract (TCK): every {@link OmniStore} must pass this suite. Extend it and return
 * your store from {@link #store()}; the in-memory store and every JDBC dialect do.
 *
 * <p>Each test and each property try works in tenants of its own, so {@link #store()} may (and for
 * databases should) return one shared instance. Tests go through the public API ({@link Omni})
 * where the behaviour is the library's, and through the SPI where it is the store's alone.
 */
public abstract class StoreContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The store under test. May return the same instance on every call.
   *
   * @return the store
   */
  protected abstract OmniStore store();

  protected final MutableClock clock = MutableClock.atMondayMorning();

  protected Omni omni() {
    return Omni.builder().store(store()).clock(clock).build();
  }

  protected static TenantId freshTenant() {
    return TenantId.of("t-" + UUID.randomUUID());
  }

  protected OmniTenant freshShop() {
    return omni().tenant(freshTenant());
  }

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static NewTouchpoint.Builder message(Customer c, ChannelId channel, String externalId) {
    NewTouchpoint.Builder b = NewTouchpoint.builder(c.id(), channel, TouchpointType.MESSAGE);
    if (externalId != null) {
      b.externalId(externalId);
    }
    return b;
  }

  private static List<Touchpoint> all(OmniTenant shop, CustomerId customer, TimelineOrder order) {
    List<Touchpoint> out = new ArrayList<>();
    TimelineQuery q = TimelineQuery.forCustomer(customer).order(order).pageSize(TimelineQuery.MAX_PAGE_SIZE).build();
    while (true) {
      TimelinePage page = shop.timeline().page(q);
      out.addAll(page.items());
      if (page.nextCursor().isEmpty()) {
        return out;
      }
      q = q.next(page.nextCursor().get()).build();
    }
  }

  // ------------------------------------------------------------------ touchpoints

  @Test
  void recordedTouchpointReadsBackExactly() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    Conversation conv = store().inTransaction(shop.id(), tx -> {
      Conversation c = Conversation.builder(new ConversationId(UUID.randomUUID()), anna.id(), Channels.WHATSAPP.id(),
          Participant.bot("faq"), clock.instant()).build();
      tx.conversations().insert(c);
      return c;
    });
    Instant at = Instant.parse("2026-03-01T10:15:30.123456789Z");
    RecordResult r = shop.timeline().record(message(anna, Channels.WHATSAPP.id(), "wamid.HBgL1")
        .direction(Direction.OUTBOUND).occurredAt(at).conversation(conv.id())
        .payload(json("{\"text\":\"Ihre Bestellung ist unterwegs \\u2705\",\"n\":[1,2.5,true,null],\"o\":{\"k\":\"v\"}}"))
        .status(DeliveryStatus.SENT).build());

    assertThat(r.duplicate()).isFalse();
    Touchpoint stored = shop.timeline().get(r.touchpoint().id());
    assertThat(stored).isEqualTo(r.touchpoint());
    assertThat(stored.occurredAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"));
    assertThat(stored.recordedAt()).isEqualTo(clock.instant());
    assertThat(stored.payloadText("text")).contains("Ihre Bestellung ist unterwegs \u2705");
    assertThat(stored.payload().get("n").get(1).asDouble()).isEqualTo(2.5);
    assertThat(stored.conversationId()).contains(conv.id());
    assertThat(stored.status()).contains(DeliveryStatus.SENT);
    assertThat(stored.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(shop.timeline().findByExternalId(Channels.WHATSAPP.id(), "wamid.HBgL1")).contains(stored);
  }

  @Test
  void duplicateDeliveryRecordsOneTouchpoint() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    RecordResult first = shop.timeline().record(message(anna, Channels.TELEGRAM.id(), "10000").build());
    clock.advance(Duration.ofDays(3));
    RecordResult again = shop.timeline().record(message(anna, Channels.TELEGRAM.id(), "10000")
        .payload(json("{\"text\":\"changed\"}")).build());

    assertThat(first.duplicate()).isFalse();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.touchpoint()).isEqualTo(first.touchpoint());
    assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).containsExactly(first.touchpoint());
  }

  @Test
  void sameExternalIdOnAnotherChannelIsAnotherTouchpoint() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    RecordResult a = shop.timeline().record(message(anna, Channels.TELEGRAM.id(), "42").build());
    RecordResult b = shop.timeline().record(message(anna, Channels.VIBER.id(), "42").build());
    assertThat(b.duplicate()).isFalse();
    assertThat(b.touchpoint().id()).isNotEqualTo(a.touchpoint().id());
    assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).hasSize(2);
  }

  @Test
  void batchWithDuplicatesInsideRecordsEachOnce() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    shop.timeline().record(message(anna, Channels.SMS.id(), "SM1").build());
    List<RecordResult> results = shop.timeline().recordAll(List.of(
        message(anna, Channels.SMS.id(), "SM1").build(),
        message(anna, Channels.SMS.id(), "SM2").build(),
        message(anna, Channels.SMS.id(), "SM2").build(),
        message(anna, Channels.SMS.id(), null).build()));
    assertThat(results).extracting(RecordResult::duplicate).containsExactly(true, false, true, false);
    assertThat(results.get(2).touchpoint()).isEqualTo(results.get(1).touchpoint());
    assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).hasSize(3);
  }

  @Test
  void timelineOrdersByTimeThenIdBothWays() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Instant t0 = Instant.parse("2026-02-01T12:00:00Z");
    List<Touchpoint> written = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Instant at = t0.plusSeconds(i % 4); // ties on time: the id decides
      written.add(shop.timeline().record(message(anna, Channels.WEB_CHAT.id(), "m" + i).occurredAt(at).build()).touchpoint());
    }
    List<Touchpoint> expected = new ArrayList<>(written);
    expected.sort(Comparator.comparing(TimelinePosition::of));

    assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).containsExactlyElementsOf(expected);
    Collections.reverse(expected);
    assertThat(all(shop, anna.id(), TimelineOrder.NEWEST_FIRST)).containsExactlyElementsOf(expected);
  }

  @Test
  void timelineFiltersByChannelTypeConversationAndTime() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId conv = store().inTransaction(shop.id(), tx -> {
      Conversation c = Conversation.builder(new ConversationId(UUID.randomUUID()), anna.id(), Channels.WEB_CHAT.id(),
          Participant.bot("faq"), clock.instant()).build();
      tx.conversations().insert(c);
      return c.id();
    });
    Instant t0 = Instant.parse("2026-02-01T00:00:00Z");
    Touchpoint chat = shop.timeline().record(message(anna, Channels.WEB_CHAT.id(), "c1").occurredAt(t0)
        .conversation(conv).build()).touchpoint();
    Touchpoint buy = shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.STORE.id(), TouchpointType.PURCHASE)
        .occurredAt(t0.plusSeconds(3600)).build()).touchpoint();
    Touchpoint wa = shop.timeline().record(message(anna, Channels.WHATSAPP.id(), "w1")
        .occurredAt(t0.plusSeconds(7200)).build()).touchpoint();

    TimelineQuery.Builder q = TimelineQuery.forCustomer(anna.id()).oldestFirst();
    assertThat(shop.timeline().page(q.build().toBuilder().channels(Channels.WHATSAPP.id(), Channels.STORE.id()).build()).items())
        .containsExactly(buy, wa);
    assertThat(shop.timeline().page(q.build().toBuilder().types(TouchpointType.PURCHASE).build()).items())
        .containsExactly(buy);
    assertThat(shop.timeline().page(q.build().toBuilder().conversation(conv).build()).items()).containsExactly(chat);
    assertThat(shop.timeline().page(q.build().toBuilder().from(t0.plusSeconds(3600)).until(t0.plusSeconds(7200)).build()).items())
        .containsExactly(buy);
    assertThat(shop.timeline().page(q.build().toBuilder().from(t0.plusSeconds(1)).newestFirst().build()).items())
        .containsExactly(wa, buy);
  }

  @Test
  void unknownCustomerIsNotFoundAndNothingIsWritten() {
    OmniTenant shop = freshShop();
    CustomerId ghost = new CustomerId(UUID.randomUUID());
    assertThatThrownBy(() -> shop.timeline().record(
        NewTouchpoint.builder(ghost, Channels.SMS.id(), TouchpointType.MESSAGE).externalId("x").build()))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(ghost.toString());
    assertThatThrownBy(() -> shop.timeline().page(TimelineQuery.forCustomer(ghost).build()))
        .isInstanceOf(NotFoundException.class);
    assertThat(shop.timeline().findByExternalId(Channels.SMS.id(), "x")).isEmpty();
  }

  @Test
  void failedBatchWritesNothing() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId ghost = new ConversationId(UUID.randomUUID());
    assertThatThrownBy(() -> shop.timeline().recordAll(List.of(
        message(anna, Channels.SMS.id(), "ok-1").build(),
        message(anna, Channels.SMS.id(), "bad-1").conversation(ghost).build())))
        .isInstanceOf(NotFoundException.class);
    assertThat(shop.timeline().findByExternalId(Channels.SMS.id(), "ok-1")).isEmpty();
    assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).isEmpty();
  }

  @Test
  void unregisteredChannelIsRejectedAndNothingIsWritten() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    assertThatThrownBy(() -> shop.timeline().record(message(anna, ChannelId.of("carrier-pigeon"), "p1").build()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("carrier-pigeon");
    assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).isEmpty();
  }

  @Test
  void failingUnitOfWorkIsRolledBackWhole() {
    TenantId tenant = freshTenant();
    CustomerId id = new CustomerId(UUID.randomUUID());
    TouchpointId tp = new TouchpointId(UUID.randomUUID());
    assertThatThrownBy(() -> store().inTransaction(tenant, tx -> {
      tx.customers().insert(Customer.builder(id, clock.instant()).identity(Identity.email("x@example.com")).build());
      tx.touchpoints().append(Touchpoint.builder().id(tp).customerId(id).channel(Channels.SMS.id())
          .type(TouchpointType.MESSAGE).direction(Direction.INBOUND).occurredAt(clock.instant()).externalId("e1").build());
      throw new java.io.IOException("disk on fire");
    })).isInstanceOf(StoreException.class).hasMessageContaining("disk on fire");

    store().inTransaction(tenant, tx -> {
      assertThat(tx.customers().find(id)).isEmpty();
      assertThat(tx.customers().findHolders(List.of(Identity.email("x@example.com")))).isEmpty();
      assertThat(tx.touchpoints().find(tp)).isEmpty();
      assertThat(tx.touchpoints().findByExternalId(Channels.SMS.id(), "e1")).isEmpty();
      return null;
    });
  }

  @Test
  void holdersOfIdentitiesAreReadWhole() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com"), Identity.phone("+4915112345678")),
        Map.of("tier", "gold"));
    Customer ben = shop.customers().create(List.of(Identity.email("ben@example.com")), Map.of());
    Customer old = shop.customers().create(List.of(Identity.email("old-ben@example.com")), Map.of());
    shop.identities().merge(ben.id(), old.id(), "same person");
    Customer survivor = shop.customers().get(ben.id()).isLive() ? shop.customers().get(ben.id())
        : shop.customers().get(old.id());

    store().inTransaction(shop.id(), tx -> {
      Map<Identity, Customer> holders = tx.customers().findHolderCustomers(List.of(Identity.phone("+4915112345678"),
          Identity.email("anna@example.com"), Identity.email("ben@example.com"), Identity.email("nobody@example.com")));
      assertThat(holders).containsOnlyKeys(Identity.phone("+4915112345678"), Identity.email("anna@example.com"),
          Identity.email("ben@example.com"));
      assertThat(holders.get(Identity.email("anna@example.com"))).isEqualTo(tx.customers().find(anna.id()).orElseThrow());
      assertThat(holders.get(Identity.phone("+4915112345678"))).isEqualTo(tx.customers().find(anna.id()).orElseThrow());
      Customer held = holders.get(Identity.email("ben@example.com"));
      assertThat(held).isEqualTo(tx.customers().find(survivor.id()).orElseThrow());
      assertThat(held.identities()).contains(Identity.email("old-ben@example.com"));
      assertThat(tx.customers().findMergedInto(survivor.id())).hasSize(1);
      assertThat(tx.customers().findHolderCustomers(List.of())).isEmpty();
      return null;
    });
  }

  @Test
  void liveIdsFollowMergesAndLeaveOutWhoDoesNotExist() {
    OmniTenant shop = freshShop();
    Customer a = shop.customers().create(List.of(Identity.email("a@example.com")), Map.of());
    Customer b = shop.customers().create(List.of(Identity.email("b@example.com")), Map.of());
    Customer c = shop.customers().create(List.of(Identity.email("c@example.com")), Map.of());
    Customer alone = shop.customers().create(List.of(Identity.email("alone@example.com")), Map.of());
    CustomerId ab = shop.identities().merge(a.id(), b.id(), "same person").survivor();
    CustomerId abc = shop.identities().merge(ab, c.id(), "same person").survivor();
    CustomerId nobody = new CustomerId(UUID.randomUUID());

    store().inTransaction(shop.id(), tx -> {
      Map<CustomerId, CustomerId> live = tx.customers().findLiveIds(List.of(a.id(), b.id(), c.id(), alone.id(), nobody));
      assertThat(live).containsOnlyKeys(a.id(), b.id(), c.id(), alone.id());
      assertThat(live.get(a.id())).isEqualTo(abc);
      assertThat(live.get(b.id())).isEqualTo(abc);
      assertThat(live.get(c.id())).isEqualTo(abc);
      assertThat(live.get(alone.id())).isEqualTo(alone.id());
      assertThat(tx.customers().findLiveIds(List.of())).isEmpty();
      return null;
    });
  }

  @Test
  void concurrentDeliveriesOfOneMessageRecordOneTouchpoint() throws Exception {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RecordResult>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return shop.timeline().record(message(anna, Channels.WHATSAPP.id(), "wamid.same").build());
        }));
      }
      start.countDown();
      List<RecordResult> results = new ArrayList<>();
      for (Future<RecordResult> f : futures) {
        results.add(f.get());
      }
      assertThat(results).filteredOn(r -> !r.duplicate()).hasSize(1);
      assertThat(results).extracting(r -> r.touchpoint().id()).containsOnly(results.get(0).touchpoint().id());
      assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void deliveryStatusOnlyMovesForward() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Touchpoint out = shop.timeline().record(message(anna, Channels.WHATSAPP.id(), "wamid.out")
        .direction(Direction.OUTBOUND).status(DeliveryStatus.SENT).build()).touchpoint();

    assertThat(shop.timeline().updateStatus(out.id(), DeliveryStatus.READ).status()).contains(DeliveryStatus.READ);
    assertThat(shop.timeline().updateStatus(out.id(), DeliveryStatus.DELIVERED).status()).contains(DeliveryStatus.READ);
    assertThat(shop.timeline().get(out.id()).status()).contains(DeliveryStatus.READ);
    boolean changed = store().inTransaction(shop.id(), tx -> tx.touchpoints().updateStatus(out.id(), DeliveryStatus.SENT,
        DeliveryStatus.FAILED));
    assertThat(changed).isFalse();
    assertThat(shop.timeline().get(out.id()).status()).contains(DeliveryStatus.READ);
  }

  // ------------------------------------------------------------------ customers

  @Test
  void customerReadsBackExactlyAndIsFoundByEveryIdentity() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(
        List.of(Identity.email("Anna@Example.com"), Identity.phone("+49 151 1234 5678"), Identity.loyaltyCard("4000 1234")),
        Map.of("name", "Anna Schmidt", "segment", "gold"));
    Customer updated = shop.customers().update(anna.id(), 0, b -> b
        .consent(new Consent(Channels.WHATSAPP.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup", clock.instant()))
        .consent(new Consent(Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.REVOKED, "sms-stop", clock.instant()))
        .preferences(new ContactPreferences(List.of(Channels.WHATSAPP.id(), Channels.EMAIL.id()),
            Optional.of(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))), ZoneId.of("Europe/Berlin"))));

    assertThat(shop.customers().find(anna.id())).contains(updated);
    assertThat(updated.version()).isEqualTo(1);
    for (Identity i : anna.identities()) {
      assertThat(shop.customers().getByIdentity(i)).isEqualTo(updated);
    }
    assertThat(shop.customers().findByIdentity(Identity.email("anna@example.com"))).contains(updated);
    assertThat(shop.customers().findByIdentity(Identity.email("other@example.com"))).isEmpty();
  }

  @Test
  void identityHeldByAnotherCustomerIsRefusedAndNothingChanges() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    Customer bob = shop.customers().create(List.of(Identity.email("bob@example.com")), Map.of());

    assertThatThrownBy(() -> shop.customers().create(List.of(Identity.email("new@example.com"),
        Identity.email("anna@example.com")), Map.of())).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(shop.customers().findByIdentity(Identity.email("new@example.com"))).isEmpty();

    assertThatThrownBy(() -> shop.customers().update(bob.id(), 0, b -> b.identity(Identity.email("anna@example.com"))))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(shop.customers().get(bob.id())).isEqualTo(bob);
    assertThat(shop.customers().getByIdentity(Identity.email("anna@example.com"))).isEqualTo(anna);
  }

  @Test
  void staleVersionIsRefusedAndNothingChanges() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of("name", "Anna"));
    shop.customers().update(anna.id(), 0, b -> b.attribute("segment", "gold"));
    assertThatThrownBy(() -> shop.customers().update(anna.id(), 0, b -> b.attribute("segment", "bronze")))
        .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("version 1");
    assertThat(shop.customers().get(anna.id()).attribute("segment")).contains("gold");

    Customer current = shop.customers().get(anna.id());
    assertThatThrownBy(() -> store().inTransaction(shop.id(), tx -> {
      tx.customers().update(current.toBuilder().attribute("x", "y").version(2).build(), 0);
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(shop.customers().get(anna.id())).isEqualTo(current);
  }

  @Test
  void updateMovesTheIdentityIndex() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(Identity.email("old@example.com")), Map.of());
    shop.customers().update(anna.id(), 0, b -> b.removeIdentity(Identity.email("old@example.com"))
        .identity(Identity.email("new@example.com")));
    assertThat(shop.customers().findByIdentity(Identity.email("old@example.com"))).isEmpty();
    assertThat(shop.customers().getByIdentity(Identity.email("new@example.com")).id()).isEqualTo(anna.id());
    Customer bob = shop.customers().create(List.of(Identity.email("old@example.com")), Map.of());
    assertThat(shop.customers().getByIdentity(Identity.email("old@example.com")).id()).isEqualTo(bob.id());
  }

  @Test
  void mergedCustomerRedirectsAndItsTimelineJoinsTheSurvivors() {
    OmniTenant shop = freshShop();
    Customer survivor = shop.customers().create(List.of(Identity.email("a@example.com")), Map.of());
    Customer merged = shop.customers().create(List.of(Identity.phone("+4915112345678")), Map.of());
    Touchpoint before = shop.timeline().record(message(merged, Channels.SMS.id(), "sms-1").build()).touchpoint();
    store().inTransaction(shop.id(), tx -> {
      Customer m = tx.customers().find(merged.id()).orElseThrow();
      Customer s = tx.customers().find(survivor.id()).orElseThrow();
      tx.customers().update(m.toBuilder().identities(List.of()).mergedInto(survivor.id()).version(1).build(), 0);
      tx.customers().update(s.toBuilder().identity(Identity.phone("+4915112345678")).version(1).build(), 0);
      assertThat(tx.customers().findMergedInto(survivor.id())).containsExactly(merged.id());
      return null;
    });
    Touchpoint after = shop.timeline().record(message(merged, Channels.SMS.id(), "sms-2").build()).touchpoint();

    assertThat(after.customerId()).isEqualTo(survivor.id());
    assertThat(shop.customers().get(merged.id()).id()).isEqualTo(survivor.id());
    assertThat(shop.customers().find(merged.id()).orElseThrow().mergedInto()).contains(survivor.id());
    assertThat(all(shop, survivor.id(), TimelineOrder.OLDEST_FIRST)).extracting(Touchpoint::id)
        .containsExactlyInAnyOrder(before.id(), after.id());
    assertThat(all(shop, merged.id(), TimelineOrder.OLDEST_FIRST)).hasSize(2);
    assertThat(shop.customers().getByIdentity(Identity.phone("+4915112345678")).id()).isEqualTo(survivor.id());
  }

  @Test
  void singleRoundTripPageAgreesWithThePageAndStepsAsideForMergedCustomers() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Customer empty = shop.customers().create(List.of(), Map.of());
    Customer survivor = shop.customers().create(List.of(), Map.of());
    Customer merged = shop.customers().create(List.of(), Map.of());
    for (Customer c : List.of(anna, survivor, merged)) {
      for (int i = 0; i < 3; i++) {
        shop.timeline().record(message(c, Channels.SMS.id(), null).occurredAt(clock.instant().minusSeconds(i)).build());
      }
    }
    store().inTransaction(shop.id(), tx -> {
      Customer m = tx.customers().find(merged.id()).orElseThrow();
      tx.customers().update(m.toBuilder().mergedInto(survivor.id()).version(m.version() + 1).build(), m.version());
      return null;
    });
    store().inTransaction(shop.id(), tx -> {
      for (TimelineOrder order : TimelineOrder.values()) {
        TimelineSlice annas = new TimelineSlice(Set.of(anna.id()), Set.of(), Set.of(), Optional.empty(), Optional.empty(),
            Optional.empty(), order, Optional.empty(), 2);
        Optional<List<Touchpoint>> fast = tx.touchpoints().pageIfAlone(annas);
        fast.ifPresent(rows -> assertThat(rows).isEqualTo(tx.touchpoints().page(annas)).hasSize(2));
      }
      for (Customer c : List.of(empty, survivor, merged)) {
        TimelineSlice slice = new TimelineSlice(Set.of(c.id()), Set.of(), Set.of(), Optional.empty(), Optional.empty(),
            Optional.empty(), TimelineOrder.NEWEST_FIRST, Optional.empty(), 10);
        assertThat(tx.touchpoints().pageIfAlone(slice)).as("customer %s", c.id()).isEmpty();
      }
      TimelineSlice ghost = new TimelineSlice(Set.of(new CustomerId(UUID.randomUUID())), Set.of(), Set.of(),
          Optional.empty(), Optional.empty(), Optional.empty(), TimelineOrder.NEWEST_FIRST, Optional.empty(), 10);
      assertThat(tx.touchpoints().pageIfAlone(ghost)).isEmpty();
      return null;
    });
    assertThat(shop.timeline().page(TimelineQuery.forCustomer(survivor.id()).build()).items()).hasSize(6);
    assertThat(shop.timeline().page(TimelineQuery.forCustomer(merged.id()).build()).items()).hasSize(6);
  }

  // ------------------------------------------------------------------ conversations

  @Test
  void conversationReadsBackExactlyAndUpdatesWithVersionCheck() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Instant t = clock.instant();
    Conversation c = Conversation.builder(new ConversationId(UUID.randomUUID()), anna.id(), Channels.WEB_CHAT.id(),
            Participant.bot("faq-bot"), t)
        .channel(Channels.VOICE.id()).topic("order-4711").priority(3).tag("vip").tag("returns")
        .lastInboundAt(t).firstResponseDueAt(t.plusSeconds(60)).resolutionDueAt(t.plusSeconds(86400)).build();
    store().inTransaction(shop.id(), tx -> {
      tx.conversations().insert(c);
      return null;
    });
    Conversation read = store().inTransaction(shop.id(), tx -> tx.conversations().find(c.id()).orElseThrow());
    assertThat(read).isEqualTo(c);
    assertThat(read.channels()).containsExactly(Channels.WEB_CHAT.id(), Channels.VOICE.id());

    Conversation next = c.toBuilder().status(ConversationStatus.SNOOZED).snoozedUntil(t.plusSeconds(3600))
        .owner(Participant.agent(AgentId.of("anna.k"))).firstResponseAt(t.plusSeconds(30)).resolvedAt(t.plusSeconds(40))
        .removeTag("vip").channel(Channels.EMAIL.id()).updatedAt(t.plusSeconds(50)).version(1).build();
    store().inTransaction(shop.id(), tx -> {
      tx.conversations().update(next, 0);
      return null;
    });
    assertThatThrownBy(() -> store().inTransaction(shop.id(), tx -> {
      tx.conversations().update(next.toBuilder().priority(9).version(1).build(), 0);
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class);
    Conversation reread = store().inTransaction(shop.id(), tx -> tx.conversations().find(c.id()).orElseThrow());
    assertThat(reread).isEqualTo(next);
  }

  @Test
  void conversationsOfCustomersAreListedMostRecentFirst() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Customer bob = shop.customers().create(List.of(), Map.of());
    Instant t = clock.instant();
    List<Conversation> convs = List.of(
        Conversation.builder(new ConversationId(UUID.randomUUID()), anna.id(), Channels.SMS.id(), Participant.queue("q"), t).build(),
        Conversation.builder(new ConversationId(UUID.randomUUID()), anna.id(), Channels.SMS.id(), Participant.queue("q"), t.plusSeconds(5)).build(),
        Conversation.builder(new ConversationId(UUID.randomUUID()), bob.id(), Channels.SMS.id(), Participant.queue("q"), t.plusSeconds(9)).build());
    store().inTransaction(shop.id(), tx -> {
      convs.forEach(tx.conversations()::insert);
      return null;
    });
    List<Conversation> annas = store().inTransaction(shop.id(), tx -> tx.conversations().findByCustomers(List.of(anna.id())));
    assertThat(annas).containsExactly(convs.get(1), convs.get(0));
    List<Conversation> both = store().inTransaction(shop.id(),
        tx -> tx.conversations().findByCustomers(List.of(anna.id(), bob.id())));
    assertThat(both).containsExactly(convs.get(2), convs.get(1), convs.get(0));
  }

  // ------------------------------------------------------------------ tenants

  @Test
  void nothingCrossesTenants() {
    Omni omni = omni();
    OmniTenant a = omni.tenant(freshTenant());
    OmniTenant b = omni.tenant(freshTenant());
    Customer anna = a.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    Touchpoint t = a.timeline().record(message(anna, Channels.SMS.id(), "SM1").build()).touchpoint();

    assertThat(b.customers().find(anna.id())).isEmpty();
    assertThat(b.customers().findByIdentity(Identity.email("anna@example.com"))).isEmpty();
    assertThat(b.timeline().find(t.id())).isEmpty();
    assertThat(b.timeline().findByExternalId(Channels.SMS.id(), "SM1")).isEmpty();
    assertThatThrownBy(() -> b.timeline().record(message(anna, Channels.SMS.id(), "SM1").build()))
        .isInstanceOf(NotFoundException.class);
    Customer annaInB = b.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    assertThat(b.timeline().record(message(annaInB, Channels.SMS.id(), "SM1").build()).duplicate()).isFalse();
  }

  // ------------------------------------------------------------------ properties

  @Property(tries = 30)
  void appendIsIdempotentUnderAnyNumberOfRedeliveries(
      @ForAll @Size(min = 1, max = 15) List<@IntRange(min = 1, max = 5) Integer> deliveriesPerMessage,
      @ForAll long seed) {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    List<String> deliveries = new ArrayList<>();
    for (int m = 0; m < deliveriesPerMessage.size(); m++) {
      for (int d = 0; d < deliveriesPerMessage.get(m); d++) {
        deliveries.add("msg-" + m);
      }
    }
    Collections.shuffle(deliveries, new Random(seed));
    Map<String, TouchpointId> firstIds = new LinkedHashMap<>();
    for (String ext : deliveries) {
      RecordResult r = shop.timeline().record(message(anna, Channels.WHATSAPP.id(), ext).build());
      TouchpointId first = firstIds.putIfAbsent(ext, r.touchpoint().id());
      assertThat(r.duplicate()).isEqualTo(first != null);
      if (first != null) {
        assertThat(r.touchpoint().id()).isEqualTo(first);
      }
    }
    List<Touchpoint> timeline = all(shop, anna.id(), TimelineOrder.OLDEST_FIRST);
    assertThat(timeline).hasSize(deliveriesPerMessage.size());
    assertThat(timeline).extracting(t -> t.externalId().orElseThrow()).containsExactlyInAnyOrderElementsOf(firstIds.keySet());
  }

  @Property(tries = 30)
  void walkingPagesReturnsEveryTouchpointOnceInOrder(
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 20) Integer> secondOffsets,
      @ForAll @IntRange(min = 1, max = 25) int pageSize,
      @ForAll boolean newestFirst) {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    List<NewTouchpoint> batch = new ArrayList<>();
    for (int i = 0; i < secondOffsets.size(); i++) {
      batch.add(message(anna, i % 2 == 0 ? Channels.SMS.id() : Channels.EMAIL.id(), null)
          .occurredAt(t0.plusSeconds(secondOffsets.get(i))).build());
    }
    List<Touchpoint> written = new ArrayList<>();
    shop.timeline().recordAll(batch).forEach(r -> written.add(r.touchpoint()));
    Comparator<Touchpoint> order = Comparator.comparing(TimelinePosition::of);
    written.sort(newestFirst ? order.reversed() : order);

    List<Touchpoint> walked = new ArrayList<>();
    TimelineQuery q = TimelineQuery.forCustomer(anna.id()).order(newestFirst ? TimelineOrder.NEWEST_FIRST
        : TimelineOrder.OLDEST_FIRST).pageSize(pageSize).build();
    int pages = 0;
    while (true) {
      TimelinePage page = shop.timeline().page(q);
      assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
      walked.addAll(page.items());
      pages++;
      if (page.nextCursor().isEmpty()) {
        break;
      }
      assertThat(page.items()).hasSize(pageSize);
      q = q.next(page.nextCursor().get()).build();
    }
    assertThat(walked).containsExactlyElementsOf(written);
    assertThat(pages).isLessThanOrEqualTo(written.size() / pageSize + 1);
  }

  @Property(tries = 30)
  void nothingWrittenUnderOneTenantIsReadableFromAnother(@ForAll("writes") List<Integer> tenantOfEachWrite) {
    Omni omni = omni();
    List<OmniTenant> tenants = List.of(omni.tenant(freshTenant()), omni.tenant(freshTenant()), omni.tenant(freshTenant()));
    List<Customer> customers = new ArrayList<>();
    for (OmniTenant t : tenants) {
      customers.add(t.customers().create(List.of(Identity.of(IdentityKind.EXTERNAL, "crm-1")), Map.of()));
    }
    Map<Integer, Set<TouchpointId>> written = new LinkedHashMap<>();
    int n = 0;
    for (int owner : tenantOfEachWrite) {
      Touchpoint t = tenants.get(owner).timeline().record(
          message(customers.get(owner), Channels.SMS.id(), "shared-" + (n++ % 3)).build()).touchpoint();
      written.computeIfAbsent(owner, k -> new HashSet<>()).add(t.id());
    }
    for (int i = 0; i < tenants.size(); i++) {
      OmniTenant reader = tenants.get(i);
      Set<TouchpointId> mine = written.getOrDefault(i, Set.of());
      assertThat(all(reader, customers.get(i).id(), TimelineOrder.NEWEST_FIRST)).extracting(Touchpoint::id)
          .containsExactlyInAnyOrderElementsOf(mine);
      assertThat(reader.customers().getByIdentity(Identity.of(IdentityKind.EXTERNAL, "crm-1")).id())
          .isEqualTo(customers.get(i).id());
      for (int j = 0; j < tenants.size(); j++) {
        if (j == i) {
          continue;
        }
        assertThat(reader.customers().find(customers.get(j).id())).isEmpty();
        for (TouchpointId other : written.getOrDefault(j, Set.of())) {
          assertThat(reader.timeline().find(other)).isEmpty();
        }
      }
    }
  }

  @Provide
  Arbitrary<List<Integer>> writes() {
    return Arbitraries.integers().between(0, 2).list().ofMaxSize(20);
  }

  /** Runs a task on many threads at once and returns what each returned or threw. */
  protected static <T> List<Object> race(int threads, Callable<T> task) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<Object> out = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          out.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          out.add(e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ conversations, handoffs, agents, routing
  // (issue 4: the SPI additions HandoffRepository, AgentRepository and ConversationRepository's
  // findQueued / findActiveByOwner / findSlaDue / findSnoozeDue, and the races they must decide)

  private Conversation newConversation(CustomerId customer, ChannelId channel, Participant owner, Instant at) {
    return Conversation.builder(new ConversationId(UUID.randomUUID()), customer, channel, owner, at).build();
  }

  private <T> T inTx(OmniTenant shop, TransactionWork<T> work) {
    return store().inTransaction(shop.id(), work);
  }

  @Test
  void conversationRoutingFieldsReadBackExactly() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Instant t = clock.instant();
    Conversation c = Conversation.builder(new ConversationId(UUID.randomUUID()), anna.id(), Channels.WEB_CHAT.id(),
            Participant.queue("returns"), t)
        .lastChannel(Channels.VOICE.id()).queuedAt(t.plusSeconds(1)).lastAgent(AgentId.of("petra"), t.plusSeconds(2))
        .skill("returns").skill("de-DE.premium").language("de").handoffPending(true).firstResponseBreached(true)
        .resolutionBreached(true).build();
    inTx(shop, tx -> {
      tx.conversations().insert(c);
      return null;
    });
    Conversation read = inTx(shop, tx -> tx.conversations().find(c.id()).orElseThrow());
    assertThat(read).isEqualTo(c);
    assertThat(read.lastChannel()).isEqualTo(Channels.VOICE.id());
    assertThat(read.queuedAt()).contains(t.plusSeconds(1));
    assertThat(read.lastAgent()).contains(AgentId.of("petra"));
    assertThat(read.skills()).containsExactly("de-DE.premium", "returns");
    assertThat(read.language()).contains("de");
    assertThat(read.handoffPending()).isTrue();
  }

  @Test
  void queuedConversationsAreListedOldestFirstAndOnlyWhenOpen() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Instant t = clock.instant();
    Conversation late = newConversation(anna.id(), Channels.SMS.id(), Participant.queue("q"), t).toBuilder()
        .queuedAt(t.plusSeconds(20)).build();
    Conversation early = newConversation(anna.id(), Channels.SMS.id(), Participant.queue("q"), t).toBuilder()
        .queuedAt(t.plusSeconds(10)).build();
    Conversation pending = newConversation(anna.id(), Channels.SMS.id(), Participant.queue("q"), t).toBuilder()
        .queuedAt(t.plusSeconds(5)).status(ConversationStatus.PENDING).build();
    Conversation bot = newConversation(anna.id(), Channels.SMS.id(), Participant.bot("faq"), t);
    inTx(shop, tx -> {
      List.of(late, early, pending, bot).forEach(tx.conversations()::insert);
      return null;
    });
    assertThat(this.<List<Conversation>>inTx(shop, tx -> tx.conversations().findQueued(10))).containsExactly(early, late);
    assertThat(this.<List<Conversation>>inTx(shop, tx -> tx.conversations().findQueued(1))).containsExactly(early);
  }

  @Test
  void activeConversationsOfAnOwnerExcludeResolvedAndOthers() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Instant t = clock.instant();
    Participant petra = Participant.agent(AgentId.of("petra"));
    Conversation open = newConversation(anna.id(), Channels.SMS.id(), petra, t);
    Conversation snoozed = newConversation(anna.id(), Channels.SMS.id(), petra, t.plusSeconds(1)).toBuilder()
        .status(ConversationStatus.SNOOZED).snoozedUntil(t.plusSeconds(99)).build();
    Conversation resolved = newConversation(anna.id(), Channels.SMS.id(), petra, t.plusSeconds(2)).toBuilder()
        .status(ConversationStatus.RESOLVED).resolvedAt(t.plusSeconds(3)).build();
    Conversation someoneElse = newConversation(anna.id(), Channels.SMS.id(), Participant.agent(AgentId.of("bob")), t);
    Conversation botNamedPetra = newConversation(anna.id(), Channels.SMS.id(), Participant.bot("petra"), t);
    inTx(shop, tx -> {
      List.of(open, snoozed, resolved, someoneElse, botNamedPetra).forEach(tx.conversations()::insert);
      return null;
    });
    assertThat(this.<List<Conversation>>inTx(shop, tx -> tx.conversations().findActiveByOwner(petra))).containsExactly(open, snoozed);
  }

  @Test
  void slaAndSnoozeDueConversationsAreListedByDueTime() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Instant t = clock.instant();
    Participant q = Participant.bot("b");
    Conversation firstDue = newConversation(anna.id(), Channels.SMS.id(), q, t).toBuilder()
        .firstResponseDueAt(t.plusSeconds(10)).resolutionDueAt(t.plusSeconds(1000)).build();
    Conversation answered = newConversation(anna.id(), Channels.SMS.id(), q, t).toBuilder()
        .firstResponseDueAt(t.plusSeconds(5)).firstResponseAt(t.plusSeconds(1)).build();
    Conversation resolutionDue = newConversation(anna.id(), Channels.SMS.id(), q, t).toBuilder()
        .resolutionDueAt(t.plusSeconds(20)).build();
    Conversation alreadyRaised = newConversation(anna.id(), Channels.SMS.id(), q, t).toBuilder()
        .resolutionDueAt(t.plusSeconds(3)).resolutionBreached(true).build();
    Conversation closed = newConversation(anna.id(), Channels.SMS.id(), q, t).toBuilder()
        .status(ConversationStatus.CLOSED).firstResponseDueAt(t.plusSeconds(1)).build();
    Conversation notYet = newConversation(anna.id(), Channels.SMS.id(), q, t).toBuilder()
        .firstResponseDueAt(t.plusSeconds(31)).build();
    Conversation wake = newConversation(anna.id(), Channels.SMS.id(), q, t).toBuilder()
        .status(ConversationStatus.SNOOZED).snoozedUntil(t.plusSeconds(30)).build();
    Conversation sleep = newConversation(anna.id(), Channels.SMS.id(), q, t).toBuilder()
        .status(ConversationStatus.SNOOZED).snoozedUntil(t.plusSeconds(31)).build();
    inTx(shop, tx -> {
      List.of(firstDue, answered, resolutionDue, alreadyRaised, closed, notYet, wake, sleep)
          .forEach(tx.conversations()::insert);
      return null;
    });
    Instant now = t.plusSeconds(30);
    assertThat(this.<List<Conversation>>inTx(shop, tx -> tx.conversations().findSlaDue(now, 10))).containsExactly(firstDue, resolutionDue);
    assertThat(this.<List<Conversation>>inTx(shop, tx -> tx.conversations().findSnoozeDue(now, 10))).containsExactly(wake);
  }

  private Handoff offered(Conversation c, Instant at, long timeoutSeconds) {
    return Handoff.builder().id(new HandoffId(UUID.randomUUID())).conversationId(c.id()).customerId(c.customerId())
        .from(c.owner()).to(Participant.queue("support")).reason("asked for a person")
        .details(Handoff.details(BotCollected.of("where_is_my_order", "4711"), List.of("angry")))
        .offeredAt(at).expiresAt(at.plusSeconds(timeoutSeconds)).build();
  }

  @Test
  void handoffReadsBackExactlyAndUpdatesWithVersionCheck() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Instant t = clock.instant();
    Conversation c = newConversation(anna.id(), Channels.WEB_CHAT.id(), Participant.bot("faq"), t);
    Handoff h = offered(c, t, 120).toBuilder().held(new TouchpointId(UUID.randomUUID()))
        .held(new TouchpointId(UUID.randomUUID())).build();
    inTx(shop, tx -> {
      tx.conversations().insert(c);
      tx.handoffs().insert(h);
      return null;
    });
    Handoff read = inTx(shop, tx -> tx.handoffs().find(h.id()).orElseThrow());
    assertThat(read).isEqualTo(h);
    assertThat(read.collected()).isEqualTo(BotCollected.of("where_is_my_order", "4711"));
    assertThat(read.notes()).containsExactly("angry");
    assertThat(read.held()).containsExactlyElementsOf(h.held());

    Handoff accepted = h.toBuilder().status(HandoffStatus.ACCEPTED).acceptedBy(AgentId.of("petra")).decidedAt(t.plusSeconds(5))
        .version(1).build();
    inTx(shop, tx -> {
      tx.handoffs().update(accepted, 0);
      return null;
    });
    assertThatThrownBy(() -> inTx(shop, tx -> {
      tx.handoffs().update(h.toBuilder().status(HandoffStatus.ACCEPTED).acceptedBy(AgentId.of("bob")).decidedAt(t).version(1).build(), 0);
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class);
    assertThatThrownBy(() -> inTx(shop, tx -> {
      tx.handoffs().insert(h);
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(this.<Handoff>inTx(shop, tx -> tx.handoffs().find(h.id()).orElseThrow())).isEqualTo(accepted);
  }

  @Test
  void handoffsOfAConversationAreNewestFirstAndDueOffersOldestFirst() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Instant t = clock.instant();
    Conversation c = newConversation(anna.id(), Channels.WEB_CHAT.id(), Participant.bot("faq"), t);
    Conversation other = newConversation(anna.id(), Channels.WEB_CHAT.id(), Participant.bot("faq"), t);
    Handoff first = offered(c, t, 60);
    Handoff second = offered(c, t.plusSeconds(10), 30);
    Handoff third = offered(other, t.plusSeconds(20), 100);
    Handoff accepted = offered(other, t, 10).toBuilder().status(HandoffStatus.ACCEPTED).acceptedBy(AgentId.of("petra"))
        .decidedAt(t.plusSeconds(1)).build();
    inTx(shop, tx -> {
      tx.conversations().insert(c);
      tx.conversations().insert(other);
      List.of(first, second, third, accepted).forEach(tx.handoffs()::insert);
      return null;
    });
    assertThat(this.<List<Handoff>>inTx(shop, tx -> tx.handoffs().findByConversation(c.id()))).containsExactly(second, first);
    assertThat(this.<List<Handoff>>inTx(shop, tx -> tx.handoffs().findExpiring(t.plusSeconds(60), 10))).containsExactly(second, first);
    assertThat(this.<List<Handoff>>inTx(shop, tx -> tx.handoffs().findExpiring(t.plusSeconds(200), 1))).containsExactly(second);
  }

  @Test
  void agentReadsBackExactlyAndUpdatesWithVersionCheck() {
    OmniTenant shop = freshShop();
    Agent petra = Agent.builder(AgentId.of("petra")).displayName("Petra K.").skill("returns").language("de").language("en")
        .presence(Presence.AVAILABLE).capacity(ChannelKind.VOICE, 2).capacity(ChannelKind.IN_PERSON, 1)
        .lastAssignedAt(clock.instant()).build();
    Agent bob = Agent.builder(AgentId.of("bob")).build();
    inTx(shop, tx -> {
      tx.agents().insert(petra);
      tx.agents().insert(bob);
      return null;
    });
    assertThat(this.<Agent>inTx(shop, tx -> tx.agents().find(AgentId.of("petra")).orElseThrow())).isEqualTo(petra);
    assertThat(this.<List<Agent>>inTx(shop, tx -> tx.agents().findAll())).containsExactly(bob, petra);
    Agent away = petra.toBuilder().presence(Presence.AWAY).version(1).build();
    inTx(shop, tx -> {
      tx.agents().update(away, 0);
      return null;
    });
    assertThatThrownBy(() -> inTx(shop, tx -> {
      tx.agents().update(petra.toBuilder().version(1).build(), 0);
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class);
    assertThatThrownBy(() -> inTx(shop, tx -> {
      tx.agents().insert(Agent.builder(AgentId.of("petra")).build());
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(this.<Agent>inTx(shop, tx -> tx.agents().find(AgentId.of("petra")).orElseThrow())).isEqualTo(away);
    assertThat(omni().tenant(freshTenant()).agents().find(AgentId.of("petra"))).isEmpty();
  }

  @Test
  void failingUnitOfWorkLeavesNoHandoffOrAgentBehind() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Conversation c = newConversation(anna.id(), Channels.WEB_CHAT.id(), Participant.bot("faq"), clock.instant());
    Handoff h = offered(c, clock.instant(), 60);
    assertThatThrownBy(() -> inTx(shop, tx -> {
      tx.conversations().insert(c);
      tx.handoffs().insert(h);
      tx.agents().insert(Agent.builder(AgentId.of("petra")).build());
      throw new java.io.IOException("power cut");
    })).isInstanceOf(StoreException.class);
    inTx(shop, tx -> {
      assertThat(tx.handoffs().find(h.id())).isEmpty();
      assertThat(tx.handoffs().findByConversation(c.id())).isEmpty();
      assertThat(tx.agents().findAll()).isEmpty();
      assertThat(tx.conversations().find(c.id())).isEmpty();
      return null;
    });
  }

  private static Agent available(String id) {
    return Agent.builder(AgentId.of(id)).presence(Presence.AVAILABLE).build();
  }

  @Test
  void fiftyAgentsAcceptingOneHandoffLeaveExactlyOneOwner() throws Exception {
    OmniTenant shop = omni().tenant(freshTenant());
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    for (int i = 0; i < 50; i++) {
      shop.agents().register(Agent.builder(AgentId.of(String.format("agent-%02d", i))).presence(Presence.AWAY).build());
    }
    Received hello = shop.conversations().receive(message(anna, Channels.WEB_CHAT.id(), "chat-1").build());
    Handoff offer = shop.handoffs().offer(hello.conversation().id(),
        HandoffRequest.to(Participant.queue("support"), "customer asked for a person").build());
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

    List<Object> results = race(50, () -> shop.handoffs().accept(offer.id(),
        AgentId.of(String.format("agent-%02d", next.getAndIncrement()))));

    List<HandoffOutcome> winners = results.stream().filter(HandoffOutcome.class::isInstance)
        .map(HandoffOutcome.class::cast).toList();
    assertThat(winners).hasSize(1);
    assertThat(results.stream().filter(HandoffConflictException.class::isInstance)).hasSize(49);
    AgentId winner = winners.get(0).handoff().acceptedBy().orElseThrow();
    results.stream().filter(HandoffConflictException.class::isInstance).map(HandoffConflictException.class::cast)
        .forEach(e -> assertThat(e.acceptedBy()).contains(winner));
    Conversation after = shop.conversations().get(hello.conversation().id());
    assertThat(after.owner()).isEqualTo(Participant.agent(winner));
    assertThat(after.handoffPending()).isFalse();
    assertThat(shop.handoffs().get(offer.id()).status()).isEqualTo(HandoffStatus.ACCEPTED);
    assertThat(shop.handoffs().get(offer.id()).version()).isEqualTo(1);
    for (Agent a : shop.agents().list()) {
      assertThat(shop.agents().load(a.id())).isEqualTo(a.id().equals(winner)
          ? Map.of(ChannelKind.REAL_TIME_TEXT, 1) : Map.of());
    }
  }

  @Test
  void concurrentRoutingNeverOverfillsAnAgent() throws Exception {
    OmniTenant shop = freshShop();
    shop.agents().register(available("solo"));
    List<Customer> customers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      customers.add(shop.customers().create(List.of(), Map.of()));
    }
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    List<Object> results = race(8, () -> shop.conversations().receive(
        message(customers.get(next.getAndIncrement()), Channels.WHATSAPP.id(), null).build()));
    assertThat(results).allMatch(Received.class::isInstance);
    assertThat(shop.agents().load(AgentId.of("solo"))).isEqualTo(Map.of(ChannelKind.REAL_TIME_TEXT, 4));
    long queued = results.stream().map(Received.class::cast)
        .filter(r -> shop.conversations().get(r.conversation().id()).queuedAt().isPresent()).count();
    assertThat(queued).isEqualTo(4);
  }

  @Test
  void concurrentFirstMessagesOfOneCustomerOpenOneConversation() throws Exception {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    List<Object> results = race(8, () -> shop.conversations().receive(
        message(anna, Channels.WEB_CHAT.id(), "first-" + next.getAndIncrement()).build()));
    assertThat(results).allMatch(Received.class::isInstance);
    List<Conversation> conversations = shop.conversations().ofCustomer(anna.id());
    assertThat(conversations).hasSize(1);
    ConversationId only = conversations.get(0).id();
    assertThat(results).map(r -> ((Received) r).conversation().id()).containsOnly(only);
    assertThat(results).filteredOn(r -> ((Received) r).opened()).hasSize(1);
    assertThat(shop.conversations().transcript(only, 50)).hasSize(8);
  }

  /** One step of the routing property. */
  record Step(int op, int a, int b) {}

  @Provide
  Arbitrary<List<Step>> routingSteps() {
    return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 99),
        Arbitraries.integers().between(0, 99)).as(Step::new).list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 30)
  void routingNeverExceedsCapacityAndNeverLeavesAssignableWork(@ForAll("routingSteps") List<Step> steps) {
    OmniTenant shop = omni().tenant(freshTenant());
    List<AgentId> agents = List.of(AgentId.of("ana"), AgentId.of("ben"), AgentId.of("cem"));
    List<String> skills = List.of("returns", "billing");
    List<ChannelId> channels = List.of(Channels.WEB_CHAT.id(), Channels.VOICE.id(), Channels.EMAIL.id());
    for (int i = 0; i < agents.size(); i++) {
      shop.agents().register(Agent.builder(agents.get(i)).presence(Presence.values()[i % 2])
          .skill(skills.get(i % 2)).language(i == 2 ? "de" : "en").capacity(ChannelKind.REAL_TIME_TEXT, 1 + i)
          .build());
    }
    List<ConversationId> convs = new ArrayList<>();
    int n = 0;
    for (Step s : steps) {
      switch (s.op()) {
        case 0:
        case 1: { // a new conversation, sometimes needing a skill or a language
          Customer c = shop.customers().create(List.of(), Map.of());
          io.github.omnictx.core.conversation.service.Inbound.Builder in = io.github.omnictx.core.conversation.service.Inbound
              .builder(message(c, channels.get(s.a() % 3), "m" + (n++)).build()).priority(s.b() % 10);
          if (s.b() % 3 == 1) {
            in.skill(skills.get(s.a() % 2));
          }
          if (s.b() % 5 == 2) {
            in.language("de");
          }
          convs.add(shop.conversations().receive(in.build()).conversation().id());
          break;
        }
        case 2: // resolve one
          if (!convs.isEmpty()) {
            ConversationId id = convs.get(s.a() % convs.size());
            if (shop.conversations().get(id).status().isActive()) {
              shop.conversations().resolve(id);
            }
          }
          break;
        case 3: // presence change
          shop.agents().setPresence(agents.get(s.a() % 3), Presence.values()[s.b() % 3]);
          break;
        case 4: // a supervisor assigns directly, within capacity or refused
          if (!convs.isEmpty()) {
            ConversationId id = convs.get(s.a() % convs.size());
            try {
              shop.conversations().assign(id, agents.get(s.b() % 3));
            } catch (io.github.omnictx.core.routing.AgentUnavailableException | io.github.omnictx.core.conversation.InvalidTransitionException e) {
              // refused: the invariants below must hold all the same
            }
          }
          break;
        case 6: // the agent moves the conversation to another channel (calls the customer back)
          if (!convs.isEmpty()) {
            ConversationId id = convs.get(s.a() % convs.size());
            if (shop.conversations().get(id).status() != io.github.omnictx.core.conversation.ConversationStatus.CLOSED) {
              shop.handoffs().switchChannel(id, channels.get(s.b() % 3), "call back");
            }
          }
          break;
        case 7: // the owning agent releases the conversation to the queue
          if (!convs.isEmpty()) {
            Conversation c = shop.conversations().get(convs.get(s.a() % convs.size()));
            if (c.status().isActive() && c.owner().kind() == Participant.Kind.AGENT) {
              shop.handoffs().release(c.id(), c.owner().agentId().orElseThrow(), Participant.queue("default"));
            }
          }
          break;
        default: // customer writes again: joins or reopens
          if (!convs.isEmpty()) {
            Conversation c = shop.conversations().get(convs.get(s.a() % convs.size()));
            Customer who = shop.customers().get(c.customerId());
            shop.conversations().receive(message(who, channels.get(s.b() % 3), "m" + (n++)).build());
          }
          break;
      }
      assertRoutingInvariants(shop, agents);
    }
  }

  private void assertRoutingInvariants(OmniTenant shop, List<AgentId> agentIds) {
    Map<AgentId, Agent> agents = new LinkedHashMap<>();
    Map<AgentId, Map<ChannelKind, Integer>> loads = new LinkedHashMap<>();
    for (AgentId id : agentIds) {
      Agent a = shop.agents().get(id);
      agents.put(id, a);
      Map<ChannelKind, Integer> load = shop.agents().load(id);
      loads.put(id, load);
      load.forEach((kind, count) -> assertThat(count).as("load of %s on %s", id, kind)
          .isLessThanOrEqualTo(a.capacity(kind)));
    }
    List<Conversation> waiting = store().inTransaction(shop.id(), tx -> tx.conversations().findQueued(1000));
    for (Conversation c : waiting) {
      ChannelKind kind = omni().channels().get(c.lastChannel()).kind();
      for (Agent a : agents.values()) {
        boolean eligible = a.presence() == Presence.AVAILABLE && a.skills().containsAll(c.skills())
            && c.language().map(a.languages()::contains).orElse(true);
        assertThat(eligible && loads.get(a.id()).getOrDefault(kind, 0) < a.capacity(kind))
            .as("%s waits while %s could take it", c, a).isFalse();
      }
    }
  }

  private OmniTenant botShop() {
    return Omni.builder().store(store()).clock(clock).conversationPolicy(
        io.github.omnictx.core.conversation.ConversationPolicy.builder().initialOwner(Participant.bot("bot")).build())
        .build().tenant(freshTenant());
  }

  @Test
  void channelSwitchRacingAnAssignmentNeverOverfillsTheAgent() throws Exception {
    for (int round = 0; round < 8; round++) {
      OmniTenant shop = botShop();
      shop.agents().register(Agent.builder(AgentId.of("petra")).presence(Presence.AVAILABLE)
          .capacity(ChannelKind.REAL_TIME_TEXT, 1).capacity(ChannelKind.VOICE, 1).build());
      Customer anna = shop.customers().create(List.of(), Map.of());
      Customer bob = shop.customers().create(List.of(), Map.of());
      ConversationId chat = shop.conversations().receive(message(anna, Channels.WEB_CHAT.id(), null).build())
          .conversation().id();
      ConversationId call = shop.conversations().receive(message(bob, Channels.VOICE.id(), null).build())
          .conversation().id();
      shop.conversations().assign(chat, AgentId.of("petra"));
      java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

      List<Object> results = race(2, () -> next.getAndIncrement() == 0
          ? shop.handoffs().switchChannel(chat, Channels.VOICE.id(), "customer asked for a call-back")
          : shop.conversations().assign(call, AgentId.of("petra")));

      assertThat(results).noneMatch(r -> r instanceof Throwable
          && !(r instanceof io.github.omnictx.core.routing.AgentUnavailableException));
      assertThat(shop.agents().load(AgentId.of("petra")).getOrDefault(ChannelKind.VOICE, 0)).as("round %s", round)
          .isLessThanOrEqualTo(1);
    }
  }

  @Test
  void messageRacingAnAcceptReachesTheAgentEitherWay() throws Exception {
    for (int round = 0; round < 8; round++) {
      OmniTenant shop = botShop();
      shop.agents().register(available("petra"));
      Customer anna = shop.customers().create(List.of(), Map.of());
      ConversationId id = shop.conversations().receive(message(anna, Channels.WEB_CHAT.id(), null).build())
          .conversation().id();
      Handoff offer = shop.handoffs().offer(id, HandoffRequest.to(Participant.agent(AgentId.of("petra")), "needs a person")
          .build());
      java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

      List<Object> results = race(2, () -> next.getAndIncrement() == 0
          ? shop.conversations().receive(message(anna, Channels.WEB_CHAT.id(), "late-" + UUID.randomUUID()).build())
          : shop.handoffs().accept(offer.id(), AgentId.of("petra")));

      Received received = (Received) results.stream().filter(Received.class::isInstance).findFirst()
          .orElseThrow(() -> new AssertionError("receive failed: " + results));
      HandoffOutcome accepted = (HandoffOutcome) results.stream().filter(HandoffOutcome.class::isInstance).findFirst()
          .orElseThrow(() -> new AssertionError("accept failed: " + results));
      TouchpointId message = received.touchpoint().touchpoint().id();
      if (received.held()) {
        assertThat(accepted.held()).extracting(Touchpoint::id).contains(message);
      } else {
        assertThat(received.recipient()).contains(Participant.agent(AgentId.of("petra")));
      }
      assertThat(shop.conversations().get(id).owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
    }
  }

  // ================================================================== identity resolution, merge journal, consent
  // Everything below belongs to identity resolution (issue 3): the MergeJournal SPI, resolve/merge/unmerge
  // through the public API, and consent. The properties run on small identity alphabets so collisions are common.

  private static final Identity SHARED_TABLET = Identity.of(IdentityKind.DEVICE, "store-tablet-7");
  private static final Identity ANONYMOUS = Identity.of(IdentityKind.DEVICE, "anonymous");
  private static final List<Identity> ALPHABET = List.of(
      Identity.email("e0@example.org"), Identity.email("e1@example.org"), Identity.email("e2@example.org"),
      Identity.phone("+4915112345670"), Identity.phone("+4915112345671"), Identity.phone("+4915112345672"),
      Identity.loyaltyCard("4000-0"), Identity.loyaltyCard("4000-1"),
      Identity.of(IdentityKind.EXTERNAL, "crm-0"), Identity.of(IdentityKind.EXTERNAL, "crm-1"),
      Identity.of(IdentityKind.DEVICE, "web-0"), SHARED_TABLET, ANONYMOUS);

  /** Rules with blocked values and no limit: the grouping must not depend on event order. */
  private static final IdentityRules BLOCKING_RULES = IdentityRules.builder().block(SHARED_TABLET).blockValue("anonymous")
      .build();

  /** Rules whose limits bind on the alphabet: one CRM id, two e-mails. */
  private static final IdentityRules LIMITING_RULES = BLOCKING_RULES.toBuilder().limit(IdentityKind.EXTERNAL, 1)
      .limit(IdentityKind.EMAIL, 2).build();

  protected OmniTenant shopWith(IdentityRules rules) {
    return Omni.builder().store(store()).clock(clock).identityRules(rules).build().tenant(freshTenant());
  }

  protected OmniTenant shopWith(IdentityRules rules, OmniListener listener) {
    return Omni.builder().store(store()).clock(clock).identityRules(rules).listener(listener).build()
        .tenant(freshTenant());
  }

  /** The grouping of the alphabet's held identities into live customers. */
  private static Set<Set<Identity>> partition(OmniTenant shop) {
    Set<Set<Identity>> out = new HashSet<>();
    for (Identity i : ALPHABET) {
      shop.customers().findByIdentity(i).ifPresent(c -> {
        assertThat(c.isLive()).as("holder of %s is live", i).isTrue();
        assertThat(c.identities()).contains(i);
        out.add(Set.copyOf(c.identities()));
      });
    }
    return out;
  }

  /** Connected components of the events' unblocked identities: what resolution must produce without limits. */
  private static Set<Set<Identity>> components(List<List<Identity>> events, IdentityRules rules) {
    Map<Identity, Set<Identity>> groupOf = new LinkedHashMap<>();
    for (List<Identity> event : events) {
      Set<Identity> merged = new HashSet<>();
      for (Identity i : event) {
        if (!rules.isBlocked(i)) {
          merged.addAll(groupOf.getOrDefault(i, Set.of(i)));
        }
      }
      for (Identity i : merged) {
        groupOf.put(i, merged);
      }
    }
    return new HashSet<>(groupOf.values());
  }

  private static Map<CustomerId, Customer> snapshot(OmniTenant shop, Collection<CustomerId> ids) {
    Map<CustomerId, Customer> out = new LinkedHashMap<>();
    for (CustomerId id : ids) {
      out.put(id, shop.customers().find(id).orElseThrow());
    }
    return out;
  }

  /** What a restore must bring back: everything but version and update time. */
  private static List<Object> content(Customer c) {
    return List.of(c.id(), c.identities(), c.attributes(), c.consents(), c.preferences(), c.createdAt(),
        c.mergedInto());
  }

  @Provide
  Arbitrary<List<List<Identity>>> events() {
    return Arbitraries.of(ALPHABET).set().ofMinSize(1).ofMaxSize(3)
        .map(s -> (List<Identity>) new ArrayList<>(s)).list().ofMinSize(1).ofMaxSize(8);
  }

  // ---- the MergeJournal SPI

  private Optional<MergeRecord> journalFind(TenantId tenant, MergeId id) {
    return store().inTransaction(tenant, tx -> tx.mergeJournal().find(id));
  }

  /** The conversations read for a live customer: its own and those of everyone merged into it. */
  private List<Conversation> conversationsOfGroup(OmniTenant shop, CustomerId live) {
    return store().inTransaction(shop.id(),
        tx -> tx.conversations().findByCustomers(io.github.omnictx.core.engine.customer.MergeGroups.group(tx, live)));
  }

  private List<MergeRecord> journalList(TenantId tenant, CustomerId id) {
    return store().inTransaction(tenant, tx -> tx.mergeJournal().findByCustomer(id));
  }

  private MergeRecord journalRecord(OmniTenant shop, Instant at) {
    Identity card = Identity.loyaltyCard("card-" + UUID.randomUUID());
    Customer s = shop.customers().create(List.of(Identity.email("s-" + UUID.randomUUID() + "@example.com")),
        Map.of("name", "S"));
    Customer a = shop.customers().create(List.of(card), Map.of());
    Customer a2 = a.toBuilder().consent(new Consent(Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.DENIED, "sms",
        clock.instant())).build();
    Customer after = s.toBuilder().identity(card).version(1).build();
    return new MergeRecord(new MergeId(UUID.randomUUID()), s.id(), List.of(a.id()), s, List.of(a2), after,
        Set.of(card, Identity.email("x@example.com")), "whatsapp:wamid.1", at, Optional.empty());
  }

  @Test
  void mergeRecordReadsBackExactlyAndIsListedForEveryCustomerInIt() {
    OmniTenant shop = freshShop();
    MergeRecord first = journalRecord(shop, Instant.parse("2026-03-01T10:00:00.123456Z"));
    MergeRecord second = journalRecord(shop, Instant.parse("2026-03-01T09:00:00Z"));
    store().inTransaction(shop.id(), tx -> {
      tx.mergeJournal().insert(first);
      tx.mergeJournal().insert(second);
      return null;
    });
    assertThat(journalFind(shop.id(), first.id())).contains(first);
    assertThat(journalList(shop.id(), first.survivor()))
        .containsExactly(first);
    assertThat(journalList(shop.id(), first.absorbed().get(0)))
        .containsExactly(first);
    assertThat(journalFind(shop.id(), new MergeId(UUID.randomUUID()))).isEmpty();
    assertThat(journalFind(freshTenant(), first.id())).isEmpty();
    assertThat(journalList(freshTenant(), first.survivor()))
        .isEmpty();
  }

  @Test
  void journalListsACustomersMergesByTimeThenIdAndFindsTheLaterOnesInForce() {
    OmniTenant shop = freshShop();
    MergeRecord base = journalRecord(shop, Instant.parse("2026-03-01T10:00:00Z"));
    CustomerId shared = base.survivor();
    Instant t = base.mergedAt();
    MergeRecord later = new MergeRecord(new MergeId(new UUID(Long.MAX_VALUE, 1)), shared, base.absorbed(),
        base.survivorBefore(), base.absorbedBefore(), base.survivorAfter(), Set.of(), "manual", t, Optional.empty());
    MergeRecord sameTimeLowerId = new MergeRecord(new MergeId(new UUID(0, 1)), shared, base.absorbed(),
        base.survivorBefore(), base.absorbedBefore(), base.survivorAfter(), Set.of(), "manual", t, Optional.empty());
    MergeRecord reversed = new MergeRecord(new MergeId(UUID.randomUUID()), shared, base.absorbed(),
        base.survivorBefore(), base.absorbedBefore(), base.survivorAfter(), Set.of(), "manual", t.plusSeconds(60),
        Optional.of(t.plusSeconds(120)));
    store().inTransaction(shop.id(), tx -> {
      List.of(reversed, later, base, sameTimeLowerId).forEach(tx.mergeJournal()::insert);
      return null;
    });
    List<MergeRecord> listed = store().inTransaction(shop.id(), tx -> tx.mergeJournal().findByCustomer(shared));
    List<MergeRecord> expected = new ArrayList<>(List.of(base, later, sameTimeLowerId, reversed));
    expected.sort(MergeRecord.JOURNAL_ORDER);
    assertThat(listed).containsExactlyElementsOf(expected);
    assertThat(listed.get(0)).isEqualTo(sameTimeLowerId);
    assertThat(listed.get(3)).isEqualTo(reversed);
    List<MergeRecord> dependents = store().inTransaction(shop.id(), tx -> tx.mergeJournal().findLaterInForce(sameTimeLowerId));
    assertThat(dependents).extracting(MergeRecord::id).doesNotContain(reversed.id(), sameTimeLowerId.id())
        .contains(later.id());
  }

  @Test
  void mergeRecordIdIsUniqueAndReversalHappensOnce() {
    OmniTenant shop = freshShop();
    MergeRecord r = journalRecord(shop, clock.instant());
    store().inTransaction(shop.id(), tx -> {
      tx.mergeJournal().insert(r);
      return null;
    });
    assertThatThrownBy(() -> store().inTransaction(shop.id(), tx -> {
      tx.mergeJournal().insert(r);
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class);
    Instant at = clock.instant().plusSeconds(5);
    store().inTransaction(shop.id(), tx -> {
      tx.mergeJournal().markReversed(r.id(), at);
      return null;
    });
    assertThat(journalFind(shop.id(), r.id())).contains(r.reversed(at));
    assertThatThrownBy(() -> store().inTransaction(shop.id(), tx -> {
      tx.mergeJournal().markReversed(r.id(), at.plusSeconds(1));
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class);
    assertThatThrownBy(() -> store().inTransaction(shop.id(), tx -> {
      tx.mergeJournal().markReversed(new MergeId(UUID.randomUUID()), at);
      return null;
    })).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(journalFind(shop.id(), r.id())).contains(r.reversed(at));
  }

  @Test
  void journalWritesRollBackWithTheirUnitOfWork() {
    OmniTenant shop = freshShop();
    MergeRecord kept = journalRecord(shop, clock.instant());
    MergeRecord lost = journalRecord(shop, clock.instant());
    store().inTransaction(shop.id(), tx -> {
      tx.mergeJournal().insert(kept);
      return null;
    });
    assertThatThrownBy(() -> store().inTransaction(shop.id(), tx -> {
      tx.mergeJournal().insert(lost);
      tx.mergeJournal().markReversed(kept.id(), clock.instant());
      throw new IllegalStateException("boom");
    })).isInstanceOf(StoreException.class);
    assertThat(journalFind(shop.id(), lost.id())).isEmpty();
    assertThat(journalFind(shop.id(), kept.id())).contains(kept);
  }

  // ---- resolution

  @Test
  void resolveCreatesThenFindsThenLinksOneCustomer() {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    Resolution first = shop.identities().resolve(List.of(Identity.of(IdentityKind.DEVICE, "web-0")), "web:pageview-1");
    assertThat(first.created()).isTrue();
    Resolution again = shop.identities().resolve(List.of(Identity.of(IdentityKind.DEVICE, "web-0")));
    assertThat(again.unchanged()).isTrue();
    assertThat(again.customer()).isEqualTo(first.customer());
    Resolution login = shop.identities().resolve(List.of(Identity.of(IdentityKind.DEVICE, "web-0"),
        Identity.email("Anna@Example.org")), "web:login");
    assertThat(login.created()).isFalse();
    assertThat(login.merge()).isEmpty();
    assertThat(login.linked()).containsExactly(Identity.email("anna@example.org"));
    assertThat(login.customer().id()).isEqualTo(first.customer().id());
    assertThat(shop.customers().getByIdentity(Identity.email("anna@example.org")).id()).isEqualTo(first.customer().id());
  }

  @Test
  void eventPointingAtTwoCustomersMergesThemIntoTheEarliestCreated() {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    Customer one = shop.identities().resolve(List.of(Identity.email("a@example.org"))).customer();
    clock.advance(Duration.ofSeconds(1));
    Customer two = shop.identities().resolve(List.of(Identity.phone("+4915112345678"))).customer();
    shop.customers().update(one.id(), 0, b -> b.attribute("name", "Anna").attribute("tier", "gold"));
    shop.customers().update(two.id(), 0, b -> b.attribute("name", "A. Schmidt").attribute("city", "Berlin"));
    clock.advance(Duration.ofSeconds(1));

    // The phone's customer names the event first: the survivor is still the earlier created one.
    Resolution r = shop.identities().resolve(List.of(Identity.phone("+4915112345678"), Identity.email("a@example.org"),
        Identity.loyaltyCard("4000 1234")), "pos:receipt-77");

    MergeRecord merge = r.merge().orElseThrow();
    assertThat(merge.survivor()).isEqualTo(one.id());
    assertThat(merge.absorbed()).containsExactly(two.id());
    assertThat(merge.cause()).isEqualTo("pos:receipt-77");
    assertThat(merge.identities()).hasSize(3);
    assertThat(r.customer().id()).isEqualTo(one.id());
    assertThat(r.customer().identities()).containsExactlyInAnyOrder(Identity.email("a@example.org"),
        Identity.phone("+4915112345678"), Identity.loyaltyCard("40001234"));
    assertThat(r.customer().attributes()).containsExactlyInAnyOrderEntriesOf(
        Map.of("name", "Anna", "tier", "gold", "city", "Berlin"));
    assertThat(shop.customers().get(two.id()).id()).isEqualTo(one.id());
    assertThat(shop.customers().find(two.id()).orElseThrow().identities()).isEmpty();
    assertThat(shop.identities().merges(two.id())).containsExactly(merge);
    assertThat(shop.identities().findMerge(merge.id())).contains(merge);
  }

  @Test
  void blockedIdentitiesAreRefusedAndNeverLinkAnyone() {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    Resolution a = shop.identities().resolve(List.of(Identity.email("a@example.org"), SHARED_TABLET));
    Resolution b = shop.identities().resolve(List.of(Identity.email("b@example.org"), SHARED_TABLET, ANONYMOUS));
    assertThat(a.customer().id()).isNotEqualTo(b.customer().id());
    assertThat(b.refused()).extracting(RefusedIdentity::identity).containsExactlyInAnyOrder(SHARED_TABLET, ANONYMOUS);
    assertThat(b.refused()).extracting(RefusedIdentity::reason).containsOnly(RefusedIdentity.Reason.BLOCKED);
    assertThat(shop.customers().findByIdentity(SHARED_TABLET)).isEmpty();
    assertThatThrownBy(() -> shop.identities().link(a.customer().id(), SHARED_TABLET))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("blocked");
  }

  @Test
  void defaultRulesBlockPlaceholderValues() {
    OmniTenant shop = freshShop();
    assertThat(shop.identities().rules()).isEqualTo(IdentityRules.defaults());
    Resolution a = shop.identities().resolve(List.of(Identity.email("a@example.org"), Identity.email("test@example.com"),
        Identity.of(IdentityKind.EXTERNAL, "NULL")));
    Resolution b = shop.identities().resolve(List.of(Identity.email("b@example.org"), Identity.email("test@example.com"),
        Identity.of(IdentityKind.EXTERNAL, "NULL")));
    assertThat(a.customer().id()).isNotEqualTo(b.customer().id());
    assertThat(a.refused()).hasSize(2);
  }

  @Test
  void perTenantRulesOverrideTheDefault() {
    TenantId special = freshTenant();
    IdentityRules strict = IdentityRules.builder().block(Identity.email("a@example.org")).build();
    Omni omni = Omni.builder().store(store()).clock(clock).identityRules(IdentityRules.none())
        .identityRules(special, strict).build();
    assertThat(omni.tenant(special).identities().rules()).isEqualTo(strict);
    assertThat(omni.tenant(freshTenant()).identities().rules()).isEqualTo(IdentityRules.none());
    assertThatThrownBy(() -> omni.tenant(special).identities().resolve(List.of(Identity.email("a@example.org"))))
        .isInstanceOf(InvalidInputException.class);
    assertThat(omni.tenant(freshTenant()).identities().resolve(List.of(Identity.email("a@example.org"))).created()).isTrue();
  }

  @Test
  void twoCrmIdsKeepCustomersApartAndTheWeakerIdentityYields() {
    OmniTenant shop = shopWith(LIMITING_RULES);
    Customer one = shop.identities().resolve(List.of(Identity.of(IdentityKind.EXTERNAL, "crm-1"),
        Identity.email("a@example.org"))).customer();
    Customer two = shop.identities().resolve(List.of(Identity.of(IdentityKind.EXTERNAL, "crm-2"),
        Identity.phone("+4915112345678"))).customer();

    // A shared family phone seen with Anna's e-mail: merging would give one customer two CRM ids.
    Resolution r = shop.identities().resolve(List.of(Identity.phone("+4915112345678"), Identity.email("a@example.org")));

    assertThat(r.merge()).isEmpty();
    assertThat(r.customer().id()).isEqualTo(one.id());
    assertThat(r.refused()).singleElement().satisfies(x -> {
      assertThat(x.identity()).isEqualTo(Identity.phone("+4915112345678"));
      assertThat(x.reason()).isEqualTo(RefusedIdentity.Reason.LIMIT);
    });
    assertThat(shop.customers().getByIdentity(Identity.phone("+4915112345678")).id()).isEqualTo(two.id());
    assertThatThrownBy(() -> shop.identities().merge(one.id(), two.id(), "manual"))
        .isInstanceOf(IdentityConflictException.class);
    assertThatThrownBy(() -> shop.identities().link(one.id(), Identity.of(IdentityKind.EXTERNAL, "crm-3")))
        .isInstanceOf(IdentityConflictException.class);

    Resolution emails = shop.identities().resolve(List.of(Identity.email("a@example.org"), Identity.email("b@example.org"),
        Identity.email("c@example.org")));
    assertThat(emails.linked()).containsExactly(Identity.email("b@example.org"));
    assertThat(emails.refused()).extracting(RefusedIdentity::identity).containsExactly(Identity.email("c@example.org"));
    assertThat(shop.customers().findByIdentity(Identity.email("c@example.org"))).isEmpty();
  }

  @Test
  void badInputIsRefusedWithTypedErrorsAndChangesNothing() {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    Customer anna = shop.identities().resolve(List.of(Identity.email("a@example.org"))).customer();
    Customer bob = shop.identities().resolve(List.of(Identity.email("b@example.org"))).customer();

    assertThatThrownBy(() -> shop.identities().resolve(List.of())).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least one identity");
    List<Identity> withNull = new ArrayList<>();
    withNull.add(Identity.email("c@example.org"));
    withNull.add(null);
    assertThatThrownBy(() -> shop.identities().resolve(withNull)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> shop.identities().resolve(List.of(SHARED_TABLET, ANONYMOUS)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("blocked");
    assertThatThrownBy(() -> shop.identities().resolve(List.of(Identity.email("c@example.org")), " "))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Identity.email("not-an-address")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not-an-address");
    assertThatThrownBy(() -> Identity.phone("8-916-123")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shop.identities().merge(anna.id(), anna.id(), "manual"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("itself");
    assertThatThrownBy(() -> shop.identities().unmerge(new MergeId(UUID.randomUUID())))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> shop.identities().link(anna.id(), Identity.email("b@example.org")))
        .isInstanceOf(IdentityConflictException.class).hasMessageContaining(bob.id().toString());
    assertThatThrownBy(() -> shop.identities().unlink(anna.id(), Identity.email("b@example.org")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> shop.identities().link(new CustomerId(UUID.randomUUID()), Identity.email("z@example.org")))
        .isInstanceOf(NotFoundException.class);

    assertThat(shop.customers().findByIdentity(Identity.email("c@example.org"))).isEmpty();
    assertThat(shop.customers().get(anna.id())).isEqualTo(anna);
    assertThat(shop.customers().get(bob.id())).isEqualTo(bob);
    assertThat(shop.identities().merges(anna.id())).isEmpty();
  }

  @Test
  void mergingAMergedCustomerWithItsSurvivorIsMergingWithItself() {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    Customer anna = shop.identities().resolve(List.of(Identity.email("a@example.org"))).customer();
    Customer bob = shop.identities().resolve(List.of(Identity.email("b@example.org"))).customer();
    MergeRecord m = shop.identities().merge(bob.id(), anna.id(), "manual: duplicate");
    assertThat(m.survivor()).isEqualTo(anna.id());
    Customer before = shop.customers().get(anna.id());
    assertThatThrownBy(() -> shop.identities().merge(anna.id(), bob.id(), "manual"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("itself");
    assertThat(shop.customers().get(anna.id())).isEqualTo(before);
  }

  @Test
  void unmergeIsRefusedWhileLaterMergesDependOnItAndAllowedNewestFirst() {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    Customer a = shop.identities().resolve(List.of(Identity.email("a@example.org"))).customer();
    clock.advance(Duration.ofSeconds(1));
    Customer b = shop.identities().resolve(List.of(Identity.email("b@example.org"))).customer();
    clock.advance(Duration.ofSeconds(1));
    Customer c = shop.identities().resolve(List.of(Identity.email("c@example.org"))).customer();
    clock.advance(Duration.ofSeconds(1));
    MergeRecord first = shop.identities().resolve(List.of(Identity.email("b@example.org"), Identity.email("c@example.org")))
        .merge().orElseThrow();
    clock.advance(Duration.ofSeconds(1));
    MergeRecord second = shop.identities().resolve(List.of(Identity.email("a@example.org"), Identity.email("c@example.org")))
        .merge().orElseThrow();
    assertThat(first.survivor()).isEqualTo(b.id());
    assertThat(second.survivor()).isEqualTo(a.id());
    assertThat(second.absorbed()).containsExactly(b.id());
    Map<CustomerId, Customer> before = snapshot(shop, List.of(a.id(), b.id(), c.id()));

    assertThatThrownBy(() -> shop.identities().unmerge(first.id()))
        .isInstanceOfSatisfying(IdentityConflictException.class,
            e -> assertThat(e.blockingMerges()).containsExactly(second.id()));
    assertThat(snapshot(shop, List.of(a.id(), b.id(), c.id()))).isEqualTo(before);
    assertThat(shop.identities().findMerge(first.id()).orElseThrow().inForce()).isTrue();

    shop.identities().unmerge(second.id());
    shop.identities().unmerge(first.id());
    assertThatThrownBy(() -> shop.identities().unmerge(first.id())).isInstanceOf(IdentityConflictException.class)
        .hasMessageContaining("already reversed");
    assertThat(content(shop.customers().get(a.id()))).isEqualTo(content(a));
    assertThat(content(shop.customers().get(b.id()))).isEqualTo(content(b));
    assertThat(content(shop.customers().get(c.id()))).isEqualTo(content(c));
  }

  @Test
  void unmergeGivesBackTouchpointsAndConversationsAndKeepsWhatCameAfter() {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    Customer anna = shop.identities().resolve(List.of(Identity.email("a@example.org"))).customer();
    clock.advance(Duration.ofSeconds(1));
    Customer other = shop.identities().resolve(List.of(Identity.phone("+4915112345678"))).customer();
    Touchpoint annas = shop.timeline().record(message(anna, Channels.EMAIL.id(), "mail-1").build()).touchpoint();
    Touchpoint others = shop.timeline().record(message(other, Channels.SMS.id(), "sms-1").build()).touchpoint();
    Conversation othersConversation = Conversation.builder(new ConversationId(UUID.randomUUID()), other.id(),
        Channels.SMS.id(), Participant.bot("faq"), clock.instant()).build();
    store().inTransaction(shop.id(), tx -> {
      tx.conversations().insert(othersConversation);
      return null;
    });

    MergeRecord m = shop.identities().resolve(List.of(Identity.email("a@example.org"), Identity.phone("+4915112345678")))
        .merge().orElseThrow();
    Touchpoint afterMerge = shop.timeline().record(message(other, Channels.SMS.id(), "sms-2").build()).touchpoint();
    assertThat(afterMerge.customerId()).isEqualTo(anna.id());
    assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).extracting(Touchpoint::id)
        .containsExactlyInAnyOrder(annas.id(), others.id(), afterMerge.id());
    assertThat(conversationsOfGroup(shop, anna.id())).containsExactly(othersConversation);
    shop.consents().record(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.REVOKED, "unsubscribe-link");

    shop.identities().unmerge(m.id());

    assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).extracting(Touchpoint::id)
        .containsExactlyInAnyOrder(annas.id(), afterMerge.id());
    assertThat(all(shop, other.id(), TimelineOrder.OLDEST_FIRST)).extracting(Touchpoint::id).containsExactly(others.id());
    assertThat(conversationsOfGroup(shop, anna.id())).isEmpty();
    assertThat(conversationsOfGroup(shop, other.id())).containsExactly(othersConversation);
    assertThat(shop.customers().getByIdentity(Identity.phone("+4915112345678")).id()).isEqualTo(other.id());
    assertThat(shop.consents().find(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING).orElseThrow().status())
        .isEqualTo(ConsentStatus.REVOKED);
    assertThat(shop.customers().get(other.id()).isLive()).isTrue();
  }

  @Test
  void manualLinkUnlinkAndLookupByAnyIdentity() {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    Customer anna = shop.identities().resolve(List.of(Identity.email("a@example.org"))).customer();
    Customer linked = shop.identities().link(anna.id(), Identity.loyaltyCard("4000 1"));
    assertThat(shop.identities().link(anna.id(), Identity.loyaltyCard("40001"))).isEqualTo(linked);
    assertThat(shop.customers().getByIdentity(Identity.loyaltyCard("4000-1")).id()).isEqualTo(anna.id());
    Customer unlinked = shop.identities().unlink(anna.id(), Identity.email("a@example.org"));
    assertThat(unlinked.identities()).containsExactly(Identity.loyaltyCard("40001"));
    assertThat(shop.customers().findByIdentity(Identity.email("a@example.org"))).isEmpty();
    assertThat(shop.identities().resolve(List.of(Identity.email("a@example.org"))).created()).isTrue();
  }

  @Test
  void listenersSeeIdentityMergeAndConsentEvents() {
    List<OmniEvent> seen = Collections.synchronizedList(new ArrayList<>());
    OmniTenant shop = shopWith(BLOCKING_RULES, seen::add);
    Customer anna = shop.identities().resolve(List.of(Identity.email("a@example.org"))).customer();
    shop.identities().resolve(List.of(Identity.phone("+4915112345678")));
    MergeRecord m = shop.identities().resolve(List.of(Identity.email("a@example.org"), Identity.phone("+4915112345678")))
        .merge().orElseThrow();
    shop.identities().unmerge(m.id());
    shop.consents().record(anna.id(), Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup");
    shop.identities().unlink(anna.id(), Identity.email("a@example.org"));

    assertThat(seen).extracting(e -> e.getClass().getSimpleName()).containsExactly(
        "CustomerCreated", "IdentityLinked", "CustomerCreated", "IdentityLinked", "CustomersMerged", "MergeReversed",
        "ConsentChanged", "CustomerUpdated", "IdentityUnlinked", "CustomerUpdated");
    assertThat(seen.get(4)).isInstanceOfSatisfying(CustomersMerged.class, e -> assertThat(e.merge()).isEqualTo(m));
    assertThat(seen.get(6)).isInstanceOfSatisfying(ConsentChanged.class, e -> {
      assertThat(e.previous()).isEmpty();
      assertThat(e.current().status()).isEqualTo(ConsentStatus.GRANTED);
    });
  }

  @Test
  void concurrentResolvesOfOverlappingIdentitiesEndWithOneCustomerPerConnectedGroup() throws Exception {
    OmniTenant shop = shopWith(IdentityRules.none());
    int groups = 4;
    int chain = 6;
    List<List<Identity>> events = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      for (int i = 0; i + 1 < chain; i++) {
        events.add(List.of(Identity.email("g" + g + "-" + i + "@example.org"),
            Identity.email("g" + g + "-" + (i + 1) + "@example.org")));
      }
    }
    Collections.shuffle(events, new Random(42));
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    List<Object> results = race(8, () -> {
      int n;
      while ((n = next.getAndIncrement()) < events.size()) {
        shop.identities().resolve(events.get(n), "race-" + n);
      }
      return "done";
    });
    assertThat(results).containsOnly("done");
    Set<CustomerId> owners = new HashSet<>();
    for (int g = 0; g < groups; g++) {
      Set<CustomerId> ofGroup = new HashSet<>();
      for (int i = 0; i < chain; i++) {
        Customer c = shop.customers().getByIdentity(Identity.email("g" + g + "-" + i + "@example.org"));
        assertThat(c.isLive()).isTrue();
        assertThat(c.identities()).hasSize(chain);
        ofGroup.add(c.id());
      }
      assertThat(ofGroup).hasSize(1);
      owners.addAll(ofGroup);
    }
    assertThat(owners).hasSize(groups);
  }

  // ---- consent

  @Test
  void latestConsentAnswerWinsAndALateOlderOneChangesNothing() {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    Customer anna = shop.identities().resolve(List.of(Identity.email("a@example.org"))).customer();
    assertThat(shop.consents().allows(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING)).isFalse();
    assertThat(shop.consents().allows(anna.id(), Channels.EMAIL.id(), Purpose.TRANSACTIONAL)).isTrue();
    Instant t = clock.instant();
    shop.consents().record(anna.id(), new Consent(Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "signup", t));
    assertThat(shop.consents().allows(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING)).isTrue();
    Customer revoked = shop.consents().record(anna.id(),
        new Consent(Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.REVOKED, "unsubscribe", t.plusSeconds(60)));
    Customer late = shop.consents().record(anna.id(),
        new Consent(Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "old-import", t.plusSeconds(30)));
    assertThat(late).isEqualTo(revoked);
    assertThat(shop.consents().find(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING).orElseThrow().source())
        .isEqualTo("unsubscribe");
    assertThat(shop.customers().get(anna.id()).consent(Channels.EMAIL.id(), Purpose.MARKETING).orElseThrow().status())
        .isEqualTo(ConsentStatus.REVOKED);
    assertThatThrownBy(() -> shop.consents().record(anna.id(), ChannelId.of("pigeon"), Purpose.SERVICE,
        ConsentStatus.GRANTED, "x")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> shop.consents().record(new CustomerId(UUID.randomUUID()), Channels.SMS.id(), Purpose.SERVICE,
        ConsentStatus.GRANTED, "x")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void quietHoursAreReadInTheCustomersTimeZone() {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    Customer anna = shop.identities().resolve(List.of(Identity.email("a@example.org"))).customer();
    assertThat(shop.consents().isQuiet(anna.id(), Instant.parse("2026-03-02T03:00:00Z"))).isFalse();
    shop.consents().setPreferences(anna.id(), new ContactPreferences(List.of(Channels.WHATSAPP.id(), Channels.EMAIL.id()),
        Optional.of(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))), ZoneId.of("Europe/Berlin")));
    assertThat(shop.consents().isQuiet(anna.id(), Instant.parse("2026-03-02T06:30:00Z"))).isTrue(); // 07:30 Berlin
    assertThat(shop.consents().isQuiet(anna.id(), Instant.parse("2026-03-02T07:30:00Z"))).isFalse(); // 08:30 Berlin
    assertThat(shop.consents().isQuiet(anna.id(), Instant.parse("2026-03-02T20:30:00Z"))).isTrue(); // 21:30 Berlin
    assertThat(shop.customers().get(anna.id()).preferences().preferredChannels()).containsExactly(Channels.WHATSAPP.id(),
        Channels.EMAIL.id());
    assertThatThrownBy(() -> shop.consents().setPreferences(anna.id(), new ContactPreferences(List.of(ChannelId.of("pigeon")),
        Optional.empty(), ZoneId.of("UTC")))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void mergeKeepsTheMostRestrictiveConsentPerChannelAndPurpose() {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    Customer anna = shop.identities().resolve(List.of(Identity.email("a@example.org"))).customer();
    clock.advance(Duration.ofSeconds(1));
    Customer phone = shop.identities().resolve(List.of(Identity.phone("+4915112345678"))).customer();
    Instant t = clock.instant();
    shop.consents().record(anna.id(), new Consent(Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web", t));
    shop.consents().record(phone.id(), new Consent(Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.REVOKED, "STOP", t));
    shop.consents().record(anna.id(), new Consent(Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.DENIED, "web", t));
    shop.consents().record(phone.id(), new Consent(Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "pos", t));
    shop.consents().record(phone.id(), new Consent(Channels.WHATSAPP.id(), Purpose.SERVICE, ConsentStatus.GRANTED, "wa", t));

    Customer merged = shop.identities().merge(phone.id(), anna.id(), "manual").survivorAfter();

    assertThat(merged.consent(Channels.SMS.id(), Purpose.MARKETING).orElseThrow().status()).isEqualTo(ConsentStatus.REVOKED);
    assertThat(merged.consent(Channels.EMAIL.id(), Purpose.MARKETING).orElseThrow().status()).isEqualTo(ConsentStatus.DENIED);
    assertThat(merged.consent(Channels.WHATSAPP.id(), Purpose.SERVICE).orElseThrow().status()).isEqualTo(ConsentStatus.GRANTED);
    assertThat(shop.consents().allows(phone.id(), Channels.SMS.id(), Purpose.MARKETING)).isFalse();
  }

  // ---- properties

  @Property(tries = 30)
  void anyOrderOfResolveEventsGroupsIdentitiesTheSame(@ForAll("events") List<List<Identity>> events,
      @ForAll long seed) {
    List<List<Identity>> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(seed));
    List<List<Identity>> reversed = new ArrayList<>(events);
    Collections.reverse(reversed);
    Set<Set<Identity>> expected = components(events, BLOCKING_RULES);
    for (List<List<Identity>> order : List.of(events, shuffled, reversed)) {
      OmniTenant shop = shopWith(BLOCKING_RULES);
      for (List<Identity> event : order) {
        if (event.stream().allMatch(BLOCKING_RULES::isBlocked)) {
          assertThatThrownBy(() -> shop.identities().resolve(event)).isInstanceOf(InvalidInputException.class);
        } else {
          shop.identities().resolve(event);
        }
      }
      assertThat(partition(shop)).isEqualTo(expected);
    }
  }

  @Property(tries = 30)
  void resolvingTheSameEventAgainChangesNothing(@ForAll("events") List<List<Identity>> events,
      @ForAll @IntRange(min = 0, max = 7) int repeat) {
    OmniTenant shop = shopWith(LIMITING_RULES);
    Set<CustomerId> known = new HashSet<>();
    List<List<Identity>> usable = new ArrayList<>();
    for (List<Identity> event : events) {
      if (event.stream().allMatch(LIMITING_RULES::isBlocked)) {
        continue;
      }
      usable.add(event);
      Resolution r = shop.identities().resolve(event);
      known.add(r.customer().id());
      r.merge().ifPresent(m -> known.addAll(m.absorbed()));
    }
    if (usable.isEmpty()) {
      return;
    }
    // Resolve the last event again (repeat times): state after an event is its fixed point.
    List<Identity> last = usable.get(usable.size() - 1);
    Map<CustomerId, Customer> before = snapshot(shop, known);
    Customer firstAnswer = shop.identities().resolve(last).customer();
    for (int i = 0; i < repeat; i++) {
      Resolution again = shop.identities().resolve(last);
      assertThat(again.unchanged()).isTrue();
      assertThat(again.customer()).isEqualTo(firstAnswer);
    }
    assertThat(snapshot(shop, known)).isEqualTo(before);
  }

  @Property(tries = 30)
  void noIdentityEverBelongsToTwoLiveCustomersAndNoLimitIsBroken(@ForAll("events") List<List<Identity>> events,
      @ForAll long seed) {
    OmniTenant shop = shopWith(LIMITING_RULES);
    Random random = new Random(seed);
    Set<CustomerId> known = new HashSet<>();
    List<MergeRecord> merges = new ArrayList<>();
    for (List<Identity> event : events) {
      if (event.stream().allMatch(LIMITING_RULES::isBlocked)) {
        continue;
      }
      Resolution r = shop.identities().resolve(event);
      known.add(r.customer().id());
      r.merge().ifPresent(merges::add);
      r.merge().ifPresent(m -> known.addAll(m.absorbed()));
      if (!merges.isEmpty() && random.nextInt(4) == 0) {
        MergeRecord newest = merges.remove(merges.size() - 1);
        shop.identities().unmerge(newest.id());
      }
    }
    Map<Identity, CustomerId> holder = new HashMap<>();
    for (CustomerId id : known) {
      Customer c = shop.customers().find(id).orElseThrow();
      if (!c.isLive()) {
        assertThat(c.identities()).isEmpty();
        continue;
      }
      for (Identity i : c.identities()) {
        assertThat(holder.put(i, c.id())).as("%s held twice", i).isNull();
        assertThat(shop.customers().getByIdentity(i).id()).isEqualTo(c.id());
        assertThat(LIMITING_RULES.isBlocked(i)).isFalse();
      }
      for (Map.Entry<IdentityKind, Integer> limit : LIMITING_RULES.limits().entrySet()) {
        assertThat(c.identities().stream().filter(i -> i.kind() == limit.getKey()).count())
            .isLessThanOrEqualTo(limit.getValue());
      }
    }
  }

  @Property(tries = 30)
  void aBlockedValueNeverJoinsTwoCustomers(@ForAll @Size(min = 1, max = 10) List<@IntRange(min = 0, max = 10) Integer> picks) {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    for (int p : picks) {
      Identity other = ALPHABET.get(p);
      shop.identities().resolve(List.of(other, SHARED_TABLET, ANONYMOUS));
    }
    assertThat(shop.customers().findByIdentity(SHARED_TABLET)).isEmpty();
    assertThat(shop.customers().findByIdentity(ANONYMOUS)).isEmpty();
    for (Set<Identity> group : partition(shop)) {
      assertThat(group).hasSize(1);
    }
  }

  @Property(tries = 30)
  void mergeThenUnmergeRestoresBothCustomersExactly(@ForAll @IntRange(min = 1, max = 63) int mask,
      @ForAll("statuses") List<ConsentStatus> statuses, @ForAll boolean byResolve, @ForAll boolean swap) {
    OmniTenant shop = shopWith(BLOCKING_RULES);
    List<Identity> pool = List.of(Identity.email("e0@example.org"), Identity.email("e1@example.org"),
        Identity.phone("+4915112345670"), Identity.phone("+4915112345671"), Identity.loyaltyCard("4000-0"),
        Identity.of(IdentityKind.DEVICE, "web-0"));
    List<Identity> mine = new ArrayList<>();
    List<Identity> theirs = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      ((mask & (1 << i)) != 0 ? mine : theirs).add(pool.get(i));
    }
    if (theirs.isEmpty()) {
      theirs.add(Identity.email("other@example.org"));
    }
    Customer a = shop.customers().create(mine, Map.of("name", "Anna", "tier", "gold"));
    clock.advance(Duration.ofSeconds(1));
    Customer b = shop.customers().create(theirs, Map.of("name", "A. Schmidt", "city", "Berlin"));
    List<ChannelId> channels = List.of(Channels.SMS.id(), Channels.EMAIL.id(), Channels.WHATSAPP.id());
    for (int i = 0; i < statuses.size(); i++) {
      Customer who = i % 2 == 0 ? a : b;
      shop.consents().record(who.id(), new Consent(channels.get(i % 3), Purpose.MARKETING, statuses.get(i), "src-" + i,
          clock.instant()));
    }
    a = shop.customers().get(a.id());
    b = shop.customers().get(b.id());

    MergeRecord m = byResolve
        ? shop.identities().resolve(List.of(swap ? theirs.get(0) : mine.get(0), swap ? mine.get(0) : theirs.get(0)))
            .merge().orElseThrow()
        : shop.identities().merge(swap ? b.id() : a.id(), swap ? a.id() : b.id(), "manual");
    assertThat(m.survivor()).isEqualTo(a.id());
    shop.identities().unmerge(m.id());

    assertThat(content(shop.customers().get(a.id()))).isEqualTo(content(a));
    assertThat(content(shop.customers().get(b.id()))).isEqualTo(content(b));
    for (Identity i : mine) {
      assertThat(shop.customers().getByIdentity(i).id()).isEqualTo(a.id());
    }
    for (Identity i : theirs) {
      assertThat(shop.customers().getByIdentity(i).id()).isEqualTo(b.id());
    }
  }

  @Provide
  Arbitrary<List<ConsentStatus>> statuses() {
    return Arbitraries.of(ConsentStatus.class).list().ofMaxSize(6);
  }

  // ---- webhook replay tokens

  private static final String DIGEST_A = "a".repeat(64);
  private static final String DIGEST_B = "b".repeat(64);

  private Optional<String> remember(TenantId tenant, String adapter, String token, String digest, Instant expiresAt) {
    return store().inTransaction(tenant, tx -> tx.webhookTokens().remember(adapter, token, digest, expiresAt, clock.instant()));
  }

  @Test
  void aWebhookTokenIsNewOnceThenAnswersItsFirstDigest() {
    TenantId tenant = freshTenant();
    Instant until = clock.instant().plus(Duration.ofMinutes(5));
    assertThat(remember(tenant, "mailgun", "tok-1", DIGEST_A, until)).isEmpty();
    assertThat(remember(tenant, "mailgun", "tok-1", DIGEST_A, until)).contains(DIGEST_A);
    assertThat(remember(tenant, "mailgun", "tok-1", DIGEST_B, until)).contains(DIGEST_A);
    assertThat(remember(tenant, "mailgun", "tok-2", DIGEST_B, until)).isEmpty();
  }

  @Test
  void webhookTokensAreKeptPerTenantAndAdapter() {
    TenantId a = freshTenant();
    TenantId b = freshTenant();
    Instant until = clock.instant().plus(Duration.ofMinutes(5));
    assertThat(remember(a, "mailgun", "tok", DIGEST_A, until)).isEmpty();
    assertThat(remember(b, "mailgun", "tok", DIGEST_B, until)).isEmpty();
    assertThat(remember(a, "mailgun-eu", "tok", DIGEST_B, until)).isEmpty();
    assertThat(remember(a, "mailgun", "tok", DIGEST_B, until)).contains(DIGEST_A);
    assertThat(remember(b, "mailgun", "tok", DIGEST_A, until)).contains(DIGEST_B);
  }

  @Test
  void anExpiredWebhookTokenIsForgottenAndReplaced() {
    TenantId tenant = freshTenant();
    assertThat(remember(tenant, "mailgun", "tok", DIGEST_A, clock.instant().plus(Duration.ofMinutes(5)))).isEmpty();
    clock.advance(Duration.ofMinutes(5));
    assertThat(remember(tenant, "mailgun", "tok", DIGEST_B, clock.instant().plus(Duration.ofMinutes(5)))).isEmpty();
    assertThat(remember(tenant, "mailgun", "tok", DIGEST_A, clock.instant().plus(Duration.ofMinutes(5)))).contains(DIGEST_B);
  }

  @Test
  void aRolledBackUnitOfWorkRemembersNoWebhookToken() {
    TenantId tenant = freshTenant();
    Instant until = clock.instant().plus(Duration.ofMinutes(5));
    assertThatThrownBy(() -> store().inTransaction(tenant, tx -> {
      tx.webhookTokens().remember("mailgun", "tok", DIGEST_A, until, clock.instant());
      throw new IllegalStateException("boom");
    })).isInstanceOf(StoreException.class);
    assertThat(remember(tenant, "mailgun", "tok", DIGEST_B, until)).isEmpty();
  }

  @Test
  void concurrentUnitsOfWorkAgreeOnOneWebhookTokensFirstDigest() throws Exception {
    TenantId tenant = freshTenant();
    Instant until = clock.instant().plus(Duration.ofMinutes(5));
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Optional<String>>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String digest = Integer.toHexString(i).repeat(64);
        answers.add(pool.submit(() -> {
          go.await();
          for (int attempt = 0; ; attempt++) {
            try {
              return remember(tenant, "mailgun", "tok", digest, until);
            } catch (ConcurrentUpdateException lost) {
              if (attempt > 20) {
                throw lost;
              }
            }
          }
        }));
      }
      go.countDown();
      List<Optional<String>> got = new ArrayList<>();
      for (Future<Optional<String>> f : answers) {
        got.add(f.get());
      }
      assertThat(got).filteredOn(Optional::isEmpty).hasSize(1);
      assertThat(got.stream().flatMap(Optional::stream).distinct().toList()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * An adapter whose "signature" (header {@code X-Token}, checked against {@code X-Sig}) does not
   * cover the body, as Mailgun's does not: the pipeline must remember its token with the body.
   */
  private final class TokenSignedAdapter implements io.github.omnictx.core.channel.spi.InboundAdapter {
    @Override
    public String id() {
      return "token-signed";
    }

    @Override
    public ChannelId channel() {
      return Channels.EMAIL.id();
    }

    @Override
    public void verify(io.github.omnictx.core.webhook.WebhookRequest request) {
      String token = request.header("X-Token").orElseThrow(() -> new io.github.omnictx.core.webhook.SignatureException("no token", true));
      if (!request.header("X-Sig").equals(Optional.of("sig:" + token))) {
        throw new io.github.omnictx.core.webhook.SignatureException("signature does not match", false);
      }
    }

    @Override
    public Optional<io.github.omnictx.core.channel.spi.ReplayToken> replayToken(io.github.omnictx.core.webhook.WebhookRequest request) {
      try {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(request.body());
        return Optional.of(new io.github.omnictx.core.channel.spi.ReplayToken(request.header("X-Token").orElseThrow(),
            java.util.HexFormat.of().formatHex(hash), clock.instant().plus(Duration.ofMinutes(5))));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public List<io.github.omnictx.core.channel.spi.InboundEvent> parse(io.github.omnictx.core.webhook.WebhookRequest request) {
      String[] fromAndId = request.bodyText().split("\\|", 3);
      return List.of(new io.github.omnictx.core.channel.spi.InboundTouch(fromAndId[1], List.of(Identity.email(fromAndId[0])),
          Optional.empty(), clock.instant(), TouchpointType.MESSAGE, Direction.INBOUND, Optional.of(fromAndId[2]), List.of(),
          Optional.empty(), JSON.createObjectNode()));
    }
  }

  private io.github.omnictx.core.webhook.WebhookResponse post(OmniTenant shop, String token, String body) {
    return shop.webhooks().handle("token-signed", io.github.omnictx.core.webhook.WebhookRequest
        .builder("POST", "https://shop.example/webhooks/token-signed")
        .header("X-Token", token).header("X-Sig", "sig:" + token).body(body).build());
  }

  @Test
  void aCapturedTokenReplayedWithAnotherBodyIsRefusedOnEveryNodeAndARedeliveryIsADuplicate() {
    TenantId tenant = freshTenant();
    OmniTenant node1 = Omni.builder().store(store()).clock(clock).adapter(new TokenSignedAdapter()).build().tenant(tenant);
    OmniTenant node2 = Omni.builder().store(store()).clock(clock).adapter(new TokenSignedAdapter()).build().tenant(tenant);

    assertThat(post(node1, "tok-1", "anna@example.com|m-1|Where is my parcel?").status()).isEqualTo(200);
    assertThat(node1.webhooks().process("token-signed", io.github.omnictx.core.webhook.WebhookRequest
        .builder("POST", "https://shop.example/webhooks/token-signed").header("X-Token", "tok-1").header("X-Sig", "sig:tok-1")
        .body("anna@example.com|m-1|Where is my parcel?").build()).duplicates()).isEqualTo(1);
    assertThat(post(node1, "tok-1", "mallory@example.com|m-2|Send the refund here").status()).isEqualTo(403);
    assertThat(post(node2, "tok-1", "mallory@example.com|m-2|Send the refund here").status()).isEqualTo(403);
    assertThat(post(node2, "tok-1", "anna@example.com|m-1|Where is my parcel?").status()).isEqualTo(200);

    assertThat(node2.customers().findByIdentity(Identity.email("mallory@example.com"))).isEmpty();
    assertThat(node2.timeline().findByExternalId(Channels.EMAIL.id(), "m-2")).isEmpty();
    Customer anna = node2.customers().getByIdentity(Identity.email("anna@example.com"));
    assertThat(all(node2, anna.id(), TimelineOrder.OLDEST_FIRST)).hasSize(1);
  }

  // ---- values at and beyond the limits every store holds (Limits)

  private static final ObjectMapper EXACT_JSON = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static ObjectNode exactJson(String text) {
    try {
      return (ObjectNode) EXACT_JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** {"a":{"a":...{"leaf":"x"}}}: {@code levels} objects in all, built without recursion. */
  private static ObjectNode nested(int levels) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode at = root;
    for (int i = 1; i < levels; i++) {
      at = at.putObject("a");
    }
    at.put("leaf", "x");
    return root;
  }

  @Test
  void payloadNumbersRoundTripExactlyOnEveryStore() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    String json = "{\"price\":19.90,\"dime\":0.10,\"total\":12345678901234567.89,\"beyond53\":9007199254740993,"
        + "\"long\":-9223372036854775808,\"huge\":123456789012345678901234567890,\"max\":99999999999999999999999999999999999999,"
        + "\"tiny\":0.00000000000000000000000000000000000001,\"zero\":0.00,\"neg\":-0.5,\"sci\":1.5e-5,\"int\":7,"
        + "\"lines\":[{\"qty\":3,\"unit\":0.10,\"amount\":0.30}]}";
    RecordResult r = shop.timeline().record(message(anna, Channels.STORE.id(), "receipt-1").payload(exactJson(json)).build());
    Touchpoint stored = shop.timeline().get(r.touchpoint().id());

    assertThat(stored).isEqualTo(r.touchpoint());
    JsonNode p = stored.payload();
    assertThat(p.get("price").decimalValue().toPlainString()).isEqualTo("19.90"); // not the double 19.9
    assertThat(p.get("dime").decimalValue().toPlainString()).isEqualTo("0.10");
    assertThat(p.get("total").decimalValue().toPlainString()).isEqualTo("12345678901234567.89"); // not 1.2345678901234568E16
    assertThat(p.get("beyond53").longValue()).isEqualTo(9007199254740993L);
    assertThat(p.get("long").longValue()).isEqualTo(Long.MIN_VALUE);
    assertThat(p.get("huge").bigIntegerValue()).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
    assertThat(p.get("max").bigIntegerValue().toString()).isEqualTo("9".repeat(38));
    assertThat(p.get("tiny").decimalValue().toPlainString()).isEqualTo("0." + "0".repeat(37) + "1");
    assertThat(p.get("zero").decimalValue().toPlainString()).isEqualTo("0.00");
    assertThat(p.get("neg").decimalValue().toPlainString()).isEqualTo("-0.5");
    assertThat(p.get("sci").decimalValue().toPlainString()).isEqualTo("0.000015");
    assertThat(p.get("int").isInt()).isTrue();
    assertThat(p.get("lines").get(0).get("amount").decimalValue().toPlainString()).isEqualTo("0.30");
    assertThat(p).isEqualTo(message(anna, Channels.STORE.id(), "x").payload(exactJson(json)).build().payload().orElseThrow());
    assertThat(shop.timeline().page(TimelineQuery.forCustomer(anna.id()).build()).items()).containsExactly(stored);
    // a payload read with a plain mapper (doubles) is kept by its shortest decimal text on every store
    RecordResult d = shop.timeline().record(message(anna, Channels.STORE.id(), "receipt-2")
        .payload(json("{\"ratio\":0.1,\"big\":1.0E7,\"two\":2.0}")).build());
    JsonNode q = shop.timeline().get(d.touchpoint().id()).payload();
    assertThat(q).isEqualTo(d.touchpoint().payload());
    assertThat(q.get("ratio").decimalValue().toPlainString()).isEqualTo("0.1");
    assertThat(q.get("big").isDouble()).isTrue();
    assertThat(q.get("big").longValue()).isEqualTo(10_000_000L);
    assertThat(q.get("two").decimalValue().toPlainString()).isEqualTo("2.0");
  }

  @Test
  void payloadsAtTheDepthLimitAreKeptAndOneLevelDeeperIsRefusedAlikeWritingNothing() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    ObjectNode atLimit = nested(io.github.omnictx.core.Limits.MAX_PAYLOAD_DEPTH);
    RecordResult r = shop.timeline().record(message(anna, Channels.WHATSAPP.id(), "deep-ok").payload(atLimit).build());
    assertThat(shop.timeline().get(r.touchpoint().id()).payload()).isEqualTo(atLimit);

    for (int levels : List.of(io.github.omnictx.core.Limits.MAX_PAYLOAD_DEPTH + 1, 1_001, 5_000)) {
      ObjectNode tooDeep = nested(levels);
      assertThatThrownBy(() -> message(anna, Channels.WHATSAPP.id(), "deep-" + levels).payload(tooDeep))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper than 24 levels");
      // an SPI caller cannot even build the row: the value type refuses it, whichever store is behind
      assertThatThrownBy(() -> Touchpoint.builder().id(new TouchpointId(UUID.randomUUID())).customerId(anna.id())
          .channel(Channels.WHATSAPP.id()).type(TouchpointType.MESSAGE).direction(Direction.INBOUND)
          .occurredAt(clock.instant()).externalId("deep-" + levels).payload(tooDeep).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper");
      assertThat(shop.timeline().findByExternalId(Channels.WHATSAPP.id(), "deep-" + levels)).isEmpty();
    }
    assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).containsExactly(r.touchpoint());
  }

  @Test
  void valuesNoStoreCanHoldAreRefusedAlikeOnEveryStoreAndWriteNothing() {
    OmniTenant shop = freshShop();
    Identity card = Identity.loyaltyCard("4000 " + Math.abs(new Random().nextInt(1_000_000)));
    Customer anna = shop.customers().create(List.of(card), Map.of("name", "Anna"));
    ChannelId sms = Channels.SMS.id();

    // through the services: InvalidInputException naming the field, and nothing written
    Identity other = Identity.email("zoe-" + UUID.randomUUID() + "@example.com");
    assertThatThrownBy(() -> shop.customers().create(List.of(other), Map.of("name", "Zo\u0000e")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("attribute name must not contain the NUL character");
    assertThatThrownBy(() -> shop.customers().create(List.of(other), Map.of("name", "Zo\ud800e")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("unpaired UTF-16 surrogate");
    assertThat(shop.customers().findByIdentity(other)).isEmpty();
    assertThatThrownBy(() -> shop.customers().update(anna.id(), anna.version(), b -> b.attribute("note", "x\u0000")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> shop.consents().record(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING,
        ConsentStatus.GRANTED, "form\u0000")).isInstanceOf(InvalidInputException.class).hasMessageContaining("source");
    assertThatThrownBy(() -> shop.timeline().findByExternalId(sms, "p\ud800q"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("unpaired UTF-16 surrogate");
    assertThat(shop.customers().get(anna.id())).isEqualTo(anna);

    // in the value types, before any store is reached: IllegalArgumentException naming the field
    List<Runnable> refused = List.of(
        () -> Identity.email("anna\u0000@example.com"),
        () -> Identity.of(IdentityKind.EXTERNAL, "crm-\ud800"),
        () -> message(anna, sms, "nul\u0000"),
        () -> message(anna, sms, "lone\udc00"),
        () -> message(anna, sms, "t1").occurredAt(Instant.parse("+300000-01-01T00:00:00Z")),
        () -> message(anna, sms, "t2").payload(JSON.createObjectNode().put("text", "a\u0000b")),
        () -> message(anna, sms, "t3").payload(JSON.createObjectNode().put("p\ud800q", 1)),
        () -> message(anna, sms, "t4").payload(exactJson("{\"total\":1e999999999}")),
        () -> message(anna, sms, "t5").payload(exactJson("{\"total\":1e140000}")),
        () -> message(anna, sms, "t6").payload(exactJson("{\"total\":-1e1000000}")),
        () -> message(anna, sms, "t7").payload(json("{\"ratio\":1e400}")),
        () -> TimelineQuery.forCustomer(anna.id()).until(Instant.MAX));
    for (Runnable r : refused) {
      assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class);
    }
    // an SPI caller cannot build such a row either, whichever store is behind it
    assertThatThrownBy(() -> Touchpoint.builder().id(new TouchpointId(UUID.randomUUID())).customerId(anna.id()).channel(sms)
        .type(TouchpointType.MESSAGE).direction(Direction.INBOUND).occurredAt(clock.instant()).externalId("spi-1")
        .payload(exactJson("{\"n\":1e999999999}")).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Customer.builder(new CustomerId(UUID.randomUUID()), Instant.parse("+300000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(shop.timeline().findByExternalId(sms, "spi-1")).isEmpty();
    assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).isEmpty();
    assertThat(shop.customers().getByIdentity(card)).isEqualTo(anna);
  }

  @Test
  void anUnpairedSurrogateNeverCollapsesIntoAQuestionMarkAndRealSupplementaryCharactersRoundTrip() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    ChannelId wa = Channels.WHATSAPP.id();
    RecordResult question = shop.timeline().record(message(anna, wa, "p?q").build());
    assertThatThrownBy(() -> message(anna, wa, "p\ud800q")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shop.timeline().findByExternalId(wa, "p\ud800q")).isInstanceOf(InvalidInputException.class);
    RecordResult emoji = shop.timeline().record(message(anna, wa, "p\ud83d\ude00q")
        .payload(JSON.createObjectNode().put("text", "\ud83d\ude9a unterwegs").put("\ud83d\udce6", "box")).build());
    RecordResult twoMarks = shop.timeline().record(message(anna, wa, "p??q").build());

    assertThat(emoji.duplicate()).isFalse();
    assertThat(twoMarks.duplicate()).isFalse();
    assertThat(shop.timeline().findByExternalId(wa, "p?q")).contains(question.touchpoint());
    assertThat(shop.timeline().findByExternalId(wa, "p\ud83d\ude00q")).contains(emoji.touchpoint());
    assertThat(shop.timeline().findByExternalId(wa, "p??q")).contains(twoMarks.touchpoint());
    assertThat(shop.timeline().get(emoji.touchpoint().id()).payloadText("text")).contains("\ud83d\ude9a unterwegs");
    assertThat(shop.timeline().record(message(anna, wa, "p\ud83d\ude00q").build()).duplicate()).isTrue();
    assertThat(all(shop, anna.id(), TimelineOrder.OLDEST_FIRST)).hasSize(3);

    Customer q = shop.customers().create(List.of(Identity.of(IdentityKind.EXTERNAL, "crm-?")), Map.of());
    Customer e = shop.customers().create(List.of(Identity.of(IdentityKind.EXTERNAL, "crm-\ud83d\ude00"),
        Identity.email("\ud83d\ude00@example.com")), Map.of("name", "\ud83d\ude00"));
    assertThat(shop.customers().getByIdentity(Identity.of(IdentityKind.EXTERNAL, "crm-?"))).isEqualTo(q);
    assertThat(shop.customers().getByIdentity(Identity.of(IdentityKind.EXTERNAL, "crm-\ud83d\ude00"))).isEqualTo(e);
    assertThat(shop.customers().getByIdentity(Identity.email("\ud83d\ude00@example.com"))).isEqualTo(e);
    assertThat(shop.customers().get(e.id()).attribute("name")).contains("\ud83d\ude00");
  }

  @Test
  void instantsAtTheEdgesOfTheRangeRoundTripOnEveryStore() {
    OmniTenant shop = freshShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Instant earliest = io.github.omnictx.core.Limits.EARLIEST;
    Instant latest = io.github.omnictx.core.Limits.LATEST;
    RecordResult first = shop.timeline().record(message(anna, Channels.SMS.id(), "t-min").occurredAt(earliest).build());
    RecordResult last = shop.timeline().record(message(anna, Channels.SMS.id(), "t-max").occurredAt(latest).build());
    assertThat(shop.timeline().get(first.touchpoint().id()).occurredAt()).isEqualTo(earliest);
    assertThat(shop.timeline().get(last.touchpoint().id()).occurredAt()).isEqualTo(latest);
    TimelinePage page = shop.timeline().page(TimelineQuery.forCustomer(anna.id()).from(earliest).until(latest).oldestFirst().build());
    assertThat(page.items()).containsExactly(first.touchpoint());
    assertThat(shop.timeline().page(TimelineQuery.forCustomer(anna.id()).newestFirst().build()).items())
        .containsExactly(last.touchpoint(), first.touchpoint());
    assertThatThrownBy(() -> message(anna, Channels.SMS.id(), "t-over").occurredAt(latest.plusNanos(1_000)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> message(anna, Channels.SMS.id(), "t-under").occurredAt(earliest.minusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
