package io.github.omnictx.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.event.CustomerErased;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.identity.ErasedIdentityException;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.privacy.ErasureReceipt;
import io.github.omnictx.core.privacy.PrivacyExport;
import io.github.omnictx.core.privacy.PrivacySettings;
import io.github.omnictx.core.privacy.RetentionRule;
import io.github.omnictx.core.testing.FakeInbox;
import io.github.omnictx.core.testing.FakeProvider;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.testing.PrivacyFixture;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TimelineOrder;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.WebhookResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The privacy contract: erase reaches every record of a merge group and leaves the metrics, a late
 * redelivery from an erased phone is acknowledged and creates nothing, tombstones are lifted only
 * explicitly, export lists every record exactly once, retention removes old bodies only. Every
 * store extends it; each test works in a tenant of its own.
 */
public abstract class PrivacyContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SECRET = "a tenant secret of thirty-two bytes or more".getBytes(StandardCharsets.UTF_8);

  /**
   * The store under test. May return the same instance on every call.
   *
   * @return the store
   */
  protected abstract OmniStore store();

  private final MutableClock clock = MutableClock.atMondayMorning();
  private final List<OmniEvent> events = new CopyOnWriteArrayList<>();

  private Omni omni(PrivacySettings settings) {
    return Omni.builder().store(store()).clock(clock).adapter(new FakeInbox("inbox", Channels.WHATSAPP.id()))
        .adapter(new FakeProvider("fake-sms", Channels.SMS.id())).listener(events::add).privacy(settings).build();
  }

  private OmniTenant shop() {
    return omni(PrivacySettings.builder().tombstoneSecret(SECRET).build()).tenant(TenantId.of("p-" + UUID.randomUUID()));
  }

  private static List<Touchpoint> timeline(OmniTenant shop, CustomerId customer) {
    return shop.timeline().page(io.github.omnictx.core.timeline.TimelineQuery.forCustomer(customer)
        .order(TimelineOrder.OLDEST_FIRST).pageSize(500).build()).items();
  }

  @Test
  void eraseReachesEveryRecordOfTheMergeGroupAndKeepsTheMetrics() {
    OmniTenant shop = shop();
    PrivacyFixture anna = PrivacyFixture.random();
    PrivacyFixture.Seeded s = anna.seed(shop, clock);
    List<Touchpoint> before = timeline(shop, s.web());
    Conversation conversation = shop.conversations().get(s.conversation());

    ErasureReceipt receipt = shop.privacy().erase(s.whatsapp(), "dsr-1");

    assertThat(receipt.customers()).containsExactlyInAnyOrder(s.whatsapp(), s.web());
    assertThat(receipt.count("customers")).isEqualTo(2);
    assertThat(receipt.count("identities")).isEqualTo(4);
    assertThat(receipt.count("touchpoints")).isEqualTo(before.size());
    assertThat(receipt.count("handoffs")).isEqualTo(1);
    assertThat(receipt.count("merges")).isEqualTo(1);
    assertThat(receipt.count("outbound_decisions")).isEqualTo(1);
    assertThat(receipt.count("outbox")).isEqualTo(1);
    // the survivor's three answers, and the absorbed customer's own copy of its WhatsApp one
    assertThat(receipt.count("consents")).isEqualTo(4);
    assertThat(receipt.withdrawnConsents()).containsExactlyInAnyOrder(
        new ErasureReceipt.WithdrawnConsent(Channels.EMAIL.id(), Purpose.MARKETING),
        new ErasureReceipt.WithdrawnConsent(Channels.WHATSAPP.id(), Purpose.SERVICE));
    assertThat(shop.customers().find(s.web())).isEmpty();
    assertThat(shop.customers().find(s.whatsapp())).isEmpty();
    for (Identity i : List.of(Identity.email(anna.email), Identity.phone(anna.phone),
        Identity.loyaltyCard(anna.card), Identity.of(IdentityKind.TELEGRAM, anna.telegram))) {
      assertThat(shop.customers().findByIdentity(i)).as("%s", i.kind()).isEmpty();
      assertThat(shop.privacy().tombstoned(i)).as("%s", i.kind()).isTrue();
    }
    assertThat(shop.identities().merges(s.web())).isEmpty();
    for (Touchpoint t : before) {
      Touchpoint after = shop.timeline().get(t.id());
      assertThat(after.payload().isEmpty()).as("payload of %s", t.type()).isTrue();
      assertThat(after.externalId()).isEmpty();
      assertThat(List.of(after.channel(), after.type(), after.direction(), after.occurredAt()))
          .isEqualTo(List.of(t.channel(), t.type(), t.direction(), t.occurredAt()));
    }
    Conversation blank = shop.conversations().get(s.conversation());
    assertThat(blank.tags()).isEmpty();
    assertThat(blank.topic()).isEmpty();
    assertThat(blank.openedAt()).isEqualTo(conversation.openedAt());
    List<Handoff> handoffs = shop.handoffs().ofConversation(s.conversation());
    assertThat(handoffs).hasSize(1);
    assertThat(handoffs.get(0).notes()).isEmpty();
    assertThat(handoffs.get(0).collected().orderNumber()).isEmpty();
    assertThat(handoffs.get(0).reason()).isEqualTo("erased");
    assertThat(events).filteredOn(CustomerErased.class::isInstance).hasSize(1);
    assertThat(timelineNotFound(shop, s.web())).isTrue();
  }

  private static boolean timelineNotFound(OmniTenant shop, CustomerId id) {
    try {
      timeline(shop, id);
      return false;
    } catch (NotFoundException expected) {
      return true;
    }
  }

  @Test
  void eraseIsIdempotentByRequestAndByCustomer() {
    OmniTenant shop = shop();
    PrivacyFixture anna = PrivacyFixture.random();
    PrivacyFixture.Seeded s = anna.seed(shop, clock);
    ErasureReceipt first = shop.privacy().erase(s.web(), "dsr-7");
    clock.advance(Duration.ofHours(1));

    assertThat(shop.privacy().erase(s.web(), "dsr-7")).isEqualTo(first);
    assertThat(shop.privacy().erase(s.whatsapp(), "dsr-8")).isEqualTo(first);
    assertThat(shop.privacy().findErasure("dsr-7")).contains(first);
    assertThat(shop.privacy().findErasure("dsr-8")).isEmpty();
    assertThat(events).filteredOn(CustomerErased.class::isInstance).hasSize(1);
  }

  @Test
  void badInputIsRefusedAndChangesNothing() {
    OmniTenant shop = shop();
    Customer other = shop.customers().create(List.of(Identity.email("someone-else@example.com")), Map.of());
    PrivacyFixture anna = PrivacyFixture.random();
    PrivacyFixture.Seeded s = anna.seed(shop, clock);
    shop.privacy().erase(s.web(), "dsr-1");

    assertThatThrownBy(() -> shop.privacy().erase(new CustomerId(UUID.randomUUID()), "dsr-2"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> shop.privacy().erase(other.id(), "dsr-1")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("requestId");
    assertThatThrownBy(() -> shop.privacy().erase(other.id(), " ")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> shop.privacy().export(s.web(), new ByteArrayOutputStream()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> shop.timeline().record(NewTouchpoint.builder(s.web(), Channels.WEB.id(),
        TouchpointType.of("page_view")).build())).as("recording for an erased customer").isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> shop.timeline().recordAll(List.of(NewTouchpoint.builder(s.whatsapp(), Channels.WEB.id(),
        TouchpointType.of("page_view")).build()))).isInstanceOf(NotFoundException.class);
    assertThat(shop.customers().find(other.id())).isPresent();
    assertThat(shop.privacy().liftTombstone(Identity.email("never-erased@example.com"))).isFalse();
  }

  @Test
  void aLateRedeliveryFromAnErasedPhoneIsAcknowledgedAndCreatesNothing() {
    OmniTenant shop = shop();
    PrivacyFixture anna = PrivacyFixture.random();
    PrivacyFixture.Seeded s = anna.seed(shop, clock);
    shop.privacy().erase(s.web(), "dsr-1");
    clock.advance(Duration.ofDays(6));

    WebhookResult again = shop.webhooks().process("inbox",
        FakeInbox.message(anna.wamid, anna.phone, anna.message, clock.instant()));
    WebhookResult later = shop.webhooks().process("inbox",
        FakeInbox.message("wamid.LATER", anna.phone, "noch da?", clock.instant()));

    for (WebhookResult r : List.of(again, later)) {
      assertThat(r.response().status()).isEqualTo(200);
      assertThat(r.recorded()).isEmpty();
    }
    assertThat(shop.customers().findByIdentity(Identity.phone(anna.phone))).isEmpty();
    assertThat(shop.timeline().findByExternalId(Channels.WHATSAPP.id(), anna.wamid)).isEmpty();
    assertThat(shop.timeline().findByExternalId(Channels.WHATSAPP.id(), "wamid.LATER")).isEmpty();
    assertThatThrownBy(() -> shop.customers().create(List.of(Identity.phone(anna.phone)), Map.of()))
        .isInstanceOf(ErasedIdentityException.class).hasMessageNotContaining("15112345678");
    assertThatThrownBy(() -> shop.identities().resolve(List.of(Identity.email(anna.email))))
        .isInstanceOf(ErasedIdentityException.class);
  }

  @Test
  void aLiftedTombstoneLetsThePersonComeBack() {
    OmniTenant shop = shop();
    PrivacyFixture anna = PrivacyFixture.random();
    PrivacyFixture.Seeded s = anna.seed(shop, clock);
    shop.privacy().erase(s.web(), "dsr-1");
    Identity phone = Identity.phone(anna.phone);

    assertThat(shop.privacy().liftTombstone(phone)).isTrue();
    assertThat(shop.privacy().liftTombstone(phone)).isFalse();

    WebhookResult back = shop.webhooks().process("inbox",
        FakeInbox.message("wamid.BACK", anna.phone, "ich bin wieder da", clock.instant()));
    assertThat(back.recorded()).hasSize(1);
    assertThat(shop.customers().findByIdentity(phone)).isPresent();
    assertThat(shop.privacy().tombstoned(Identity.email(anna.email))).isTrue();
  }

  @Test
  void exportListsEveryIdentityTouchpointAndConsentExactlyOnce() throws Exception {
    OmniTenant shop = shop();
    PrivacyFixture anna = PrivacyFixture.random();
    PrivacyFixture.Seeded s = anna.seed(shop, clock);
    for (int i = 0; i < 7; i++) {
      clock.advance(Duration.ofMinutes(1));
      shop.timeline().record(NewTouchpoint.builder(s.whatsapp(), Channels.WEB.id(), TouchpointType.of("page_view"))
          .externalId("pv-" + i).build());
    }
    Customer survivor = shop.customers().get(s.web());
    List<Touchpoint> timeline = timeline(shop, s.web());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    shop.privacy().export(s.whatsapp(), out);
    JsonNode doc = JSON.readTree(out.toByteArray());

    assertThat(doc.path("format").asText()).isEqualTo(PrivacyExport.FORMAT);
    assertThat(doc.path("version").asInt()).isEqualTo(PrivacyExport.VERSION);
    JsonNode records = doc.path("records");
    List<String> identities = new ArrayList<>();
    records.path("identities").forEach(i -> identities.add(i.path("kind").asText() + ":" + i.path("value").asText()));
    assertThat(identities).containsExactlyInAnyOrderElementsOf(
        survivor.identities().stream().map(i -> i.kind() + ":" + i.value()).toList());
    List<String> touchpoints = new ArrayList<>();
    records.path("touchpoints").forEach(t -> touchpoints.add(t.path("id").asText()));
    assertThat(touchpoints).containsExactlyInAnyOrderElementsOf(timeline.stream().map(t -> t.id().toString()).toList());
    List<String> consents = new ArrayList<>();
    records.path("consents").forEach(c -> consents.add(c.path("channel").asText() + "/" + c.path("purpose").asText()));
    assertThat(consents).containsExactlyInAnyOrderElementsOf(
        survivor.consents().stream().map(c -> c.channel().value() + "/" + c.purpose().name()).toList());
    assertThat(records.path("customers")).hasSize(2);
    assertThat(records.path("merges")).hasSize(1);
    assertThat(records.path("outbound_decisions")).hasSize(1);
    assertThat(records.path("handoffs").get(0).path("details").toString()).contains(anna.note);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(anna.message);
  }

  @Test
  void retentionRemovesOnlyBodiesOlderThanTheirRule() {
    PrivacySettings settings = PrivacySettings.builder().tombstoneSecret(SECRET)
        .retention(new RetentionRule(Channels.WHATSAPP.id(), TouchpointType.MESSAGE, Duration.ofDays(30))).build();
    OmniTenant shop = omni(settings).tenant(TenantId.of("p-" + UUID.randomUUID()));
    Customer anna = shop.customers().create(List.of(Identity.email("anna-retention@example.com")), Map.of());
    Instant start = clock.instant();
    Touchpoint old = record(shop, anna, TouchpointType.MESSAGE, start.minus(Duration.ofDays(31)));
    Touchpoint fresh = record(shop, anna, TouchpointType.MESSAGE, start.minus(Duration.ofDays(29)));
    Touchpoint purchase = record(shop, anna, TouchpointType.PURCHASE, start.minus(Duration.ofDays(90)));

    assertThat(shop.privacy().purgeExpired()).isEqualTo(1);
    assertThat(shop.privacy().purgeExpired()).isZero();

    assertThat(shop.timeline().get(old.id()).payload().isEmpty()).isTrue();
    assertThat(shop.timeline().get(old.id()).externalId()).isEqualTo(old.externalId());
    assertThat(shop.timeline().get(fresh.id()).payload().path("text").asText()).isEqualTo("hello");
    assertThat(shop.timeline().get(purchase.id()).payload().path("text").asText()).isEqualTo("hello");
    Set<Object> ids = new HashSet<>();
    timeline(shop, anna.id()).forEach(t -> ids.add(t.id()));
    assertThat(ids).containsExactlyInAnyOrder(old.id(), fresh.id(), purchase.id());
  }

  private static Touchpoint record(OmniTenant shop, Customer c, TouchpointType type, Instant at) {
    return shop.timeline().record(NewTouchpoint.builder(c.id(), Channels.WHATSAPP.id(), type)
        .externalId("m-" + UUID.randomUUID()).occurredAt(at)
        .payload(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("text", "hello"))
        .build()).touchpoint();
  }

  @Test
  void aTenantWithoutASecretIsRefused() {
    TenantId mine = TenantId.of("p-" + UUID.randomUUID());
    Omni omni = omni(PrivacySettings.builder().tombstoneSecret(mine, SECRET).build());
    assertThat(omni.tenant(mine).privacy()).isNotNull();
    assertThatThrownBy(() -> omni.tenant(TenantId.of("p-" + UUID.randomUUID())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("tombstone secret");
    assertThatThrownBy(() -> PrivacySettings.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tombstoneSecret");
    assertThat(Optional.of(Omni.builder().store(store()).build().tenant(mine)))
        .hasValueSatisfying(t -> assertThatThrownBy(t::privacy).isInstanceOf(IllegalStateException.class));
  }
}
