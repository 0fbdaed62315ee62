package io.github.omnictx.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.ConsentSignal;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.channel.spi.MessageChange;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.TouchpointChanged;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The contract for the facts an adapter reports about what is already known: edits and deletions of
 * recorded messages ({@link MessageChange}) and consent answers ({@link ConsentSignal}), through the
 * webhook pipeline on a real store, and the store's {@link TouchpointRepository#replacePayload}
 * that edits reach their message by. Every store runs it.
 */
public abstract class InboundFactsContractTest {
  private static final Instant SENT = Instant.parse("2026-03-02T08:59:00Z");
  private static final Identity PHONE = Identity.phone("+4915112345678");
  private static final Identity DEVICE = Identity.of(IdentityKind.DEVICE, "dev-1");

  /**
   * The store under test. May return the same instance on every call.
   *
   * @return the store
   */
  protected abstract OmniStore store();

  /** An adapter that reports whatever the test queued for the next request. */
  static final class ScriptedAdapter implements InboundAdapter {
    volatile List<InboundEvent> next = List.of();

    @Override
    public String id() {
      return "scripted";
    }

    @Override
    public ChannelId channel() {
      return Channels.WEB_CHAT.id();
    }

    @Override
    public void verify(WebhookRequest request) {
      // the contract is about what the pipeline does with parsed events
    }

    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
      return next;
    }
  }

  private final MutableClock clock = MutableClock.atMondayMorning();
  private final ScriptedAdapter adapter = new ScriptedAdapter();
  private final List<OmniEvent> seen = new CopyOnWriteArrayList<>();
  private final TenantId tenant = TenantId.of("t-" + UUID.randomUUID());
  private OmniTenant shop;

  private OmniTenant shop() {
    if (shop == null) {
      shop = Omni.builder().store(store()).clock(clock).adapter(adapter).listener(seen::add).build().tenant(tenant);
    }
    return shop;
  }

  private WebhookResult deliver(InboundEvent... events) {
    adapter.next = List.of(events);
    return shop().webhooks().process("scripted", WebhookRequest.builder("POST", "https://shop.example/hooks")
        .header("Content-Type", "application/json").body("{}").build());
  }

  private static InboundTouch message(String id, String text, Identity... sender) {
    ObjectNode provider = JsonNodeFactory.instance.objectNode().put("id", id).put("body", text);
    return new InboundTouch(id, List.of(sender), Optional.of("Anna"), SENT, TouchpointType.MESSAGE,
        Direction.INBOUND, Optional.of(text), List.of(), Optional.empty(), provider);
  }

  private Optional<Customer> anna() {
    return shop().customers().findByIdentity(PHONE);
  }

  private List<Touchpoint> timeline() {
    return shop().timeline().page(TimelineQuery.forCustomer(anna().orElseThrow().id()).build()).items();
  }

  private Touchpoint only() {
    List<Touchpoint> all = timeline();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void editLinksTheNewTextToTheOriginalAndRecordsNothingNew() {
    deliver(message("m1", "Where is my ordr?", DEVICE, PHONE));

    WebhookResult r = deliver(MessageChange.edit("m1", "Where is my order?", SENT.plusSeconds(30)));

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.changes()).isEqualTo(1);
    assertThat(r.recorded()).isEmpty();
    Touchpoint t = only();
    assertThat(t.externalId()).contains("m1");
    assertThat(t.payloadText("text")).contains("Where is my order?");
    assertThat(t.payloadText("originalText")).contains("Where is my ordr?");
    assertThat(t.payloadText("editedAt")).contains(SENT.plusSeconds(30).toString());
    assertThat(t.payload().get("edits")).hasSize(1);
    assertThat(seen).filteredOn(TouchpointChanged.class::isInstance).singleElement()
        .satisfies(e -> assertThat(((TouchpointChanged) e).change()).isEqualTo(MessageChange.Kind.EDIT));
  }

  @Test
  void redeliveredEditIsADuplicate() {
    deliver(message("m1", "one", DEVICE, PHONE));
    deliver(MessageChange.edit("m1", "two", SENT.plusSeconds(30)));

    WebhookResult again = deliver(MessageChange.edit("m1", "two", SENT.plusSeconds(30)));

    assertThat(again.changes()).isZero();
    assertThat(again.duplicates()).isEqualTo(1);
    assertThat(only().payload().get("edits")).hasSize(1);
  }

  @Test
  void editsArrivingOutOfOrderLeaveTheLatestText() {
    deliver(message("m1", "one", DEVICE, PHONE));

    deliver(MessageChange.edit("m1", "three", SENT.plusSeconds(60)));
    deliver(MessageChange.edit("m1", "two", SENT.plusSeconds(30)));

    Touchpoint t = only();
    assertThat(t.payloadText("text")).contains("three");
    assertThat(t.payloadText("originalText")).contains("one");
    assertThat(t.payload().get("edits").findValuesAsText("text")).containsExactly("two", "three");
  }

  @Test
  void revokeMarksTheOriginalDeletedAndRemovesItsText() {
    deliver(message("m1", "my card is 4111 1111", DEVICE, PHONE));
    deliver(MessageChange.edit("m1", "my card is 4111 1111 1111", SENT.plusSeconds(10)));

    WebhookResult r = deliver(MessageChange.revoke("m1", SENT.plusSeconds(20)));

    assertThat(r.changes()).isEqualTo(1);
    Touchpoint t = only();
    assertThat(t.payload().path("deleted").asBoolean()).isTrue();
    assertThat(t.payloadText("deletedAt")).contains(SENT.plusSeconds(20).toString());
    assertThat(t.payload().toString()).doesNotContain("4111");
    assertThat(t.payload().has("provider")).isFalse();
  }

  @Test
  void aDeletedMessageStaysDeletedWhateverArrivesLater() {
    deliver(message("m1", "secret", DEVICE, PHONE));
    deliver(MessageChange.revoke("m1", SENT.plusSeconds(20)));

    WebhookResult late = deliver(MessageChange.edit("m1", "secret again", SENT.plusSeconds(10)),
        MessageChange.revoke("m1", SENT.plusSeconds(20)));

    assertThat(late.changes()).isZero();
    assertThat(late.duplicates()).isEqualTo(2);
    assertThat(only().payload().toString()).doesNotContain("secret");
  }

  @Test
  void aChangeOfAMessageNeverRecordedCreatesNothing() {
    WebhookResult r = deliver(MessageChange.edit("never", "text", SENT), MessageChange.revoke("never", SENT));

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.ignored()).isEqualTo(2);
    assertThat(r.recorded()).isEmpty();
    Optional<Touchpoint> stored = store().inTransaction(tenant,
        tx -> tx.touchpoints().findByExternalId(Channels.WEB_CHAT.id(), "never"));
    assertThat(stored).isEmpty();
    assertThat(seen).isEmpty();
  }

  @Test
  void aChangeInTheSameDeliveryAsItsMessageApplies() {
    WebhookResult r = deliver(message("m1", "helo", DEVICE, PHONE), MessageChange.edit("m1", "hello", SENT.plusSeconds(5)));

    assertThat(r.recorded()).hasSize(1);
    assertThat(r.changes()).isEqualTo(1);
    assertThat(only().payloadText("text")).contains("hello");
  }

  @Test
  void aGrantFromANewSenderCreatesTheCustomerWithTheAnswer() {
    WebhookResult r = deliver(new ConsentSignal(List.of(DEVICE, PHONE), Channels.WEB_CHAT.id(), Purpose.MARKETING,
        ConsentStatus.GRANTED, "scripted:optin", SENT));

    assertThat(r.consents()).isEqualTo(1);
    Customer anna = anna().orElseThrow();
    assertThat(shop().consents().find(anna.id(), Channels.WEB_CHAT.id(), Purpose.MARKETING))
        .contains(new Consent(Channels.WEB_CHAT.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "scripted:optin", SENT));
    assertThat(shop().consents().allows(anna.id(), Channels.WEB_CHAT.id(), Purpose.MARKETING)).isTrue();
  }

  @Test
  void aRevocationReachesTheKnownCustomerWithTheProviderAsSource() {
    deliver(message("m1", "hi", DEVICE, PHONE));
    deliver(new ConsentSignal(List.of(PHONE), Channels.WEB_CHAT.id(), Purpose.MARKETING, ConsentStatus.GRANTED,
        "scripted:optin", SENT));

    WebhookResult r = deliver(new ConsentSignal(List.of(PHONE), Channels.WEB_CHAT.id(), Purpose.MARKETING,
        ConsentStatus.REVOKED, "scripted:optout", SENT.plusSeconds(60)));

    assertThat(r.consents()).isEqualTo(1);
    Customer anna = anna().orElseThrow();
    assertThat(shop().consents().allows(anna.id(), Channels.WEB_CHAT.id(), Purpose.MARKETING)).isFalse();
    assertThat(shop().consents().find(anna.id(), Channels.WEB_CHAT.id(), Purpose.MARKETING).orElseThrow().source())
        .isEqualTo("scripted:optout");
    assertThat(timeline()).hasSize(1);
  }

  @Test
  void aRefusalFromAStrangerKeepsNothingAboutThem() {
    WebhookResult r = deliver(new ConsentSignal(List.of(PHONE), Channels.WEB_CHAT.id(), Purpose.MARKETING,
        ConsentStatus.REVOKED, "scripted:optout", SENT));

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.ignored()).isEqualTo(1);
    assertThat(anna()).isEmpty();
    assertThat(seen).isEmpty();
  }

  @Test
  void anOlderOrRepeatedSignalChangesNothing() {
    deliver(message("m1", "hi", DEVICE, PHONE));
    deliver(new ConsentSignal(List.of(PHONE), Channels.WEB_CHAT.id(), Purpose.MARKETING, ConsentStatus.REVOKED,
        "scripted:optout", SENT.plusSeconds(60)));

    WebhookResult r = deliver(
        new ConsentSignal(List.of(PHONE), Channels.WEB_CHAT.id(), Purpose.MARKETING, ConsentStatus.GRANTED,
            "scripted:optin", SENT),
        new ConsentSignal(List.of(PHONE), Channels.WEB_CHAT.id(), Purpose.MARKETING, ConsentStatus.REVOKED,
            "scripted:optout", SENT.plusSeconds(60)));

    assertThat(r.consents()).isZero();
    assertThat(r.duplicates()).isEqualTo(2);
    assertThat(shop().consents().allows(anna().orElseThrow().id(), Channels.WEB_CHAT.id(), Purpose.MARKETING)).isFalse();
  }

  @Test
  void aSignalForAnUnregisteredChannelIsRejectedAloneAndTheRestRecorded() {
    WebhookResult r = deliver(
        new ConsentSignal(List.of(PHONE), ChannelId.of("carrier-pigeon"), Purpose.MARKETING, ConsentStatus.GRANTED,
            "scripted:optin", SENT),
        message("m1", "hi", DEVICE, PHONE));

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(r.recorded()).hasSize(1);
    assertThat(anna().orElseThrow().consents()).isEmpty();
  }

  @Test
  void changesAndSignalsNoStoreCouldHoldAreRefusedInTheValueTypesAndChangeNothing() {
    deliver(message("m1", "one", DEVICE, PHONE));
    Touchpoint before = only();
    Instant at = SENT.plusSeconds(30);
    List<Runnable> refused = List.of(
        () -> MessageChange.edit("m1", "a\u0000b", at),
        () -> MessageChange.edit("m1", "p\ud800q", at),
        () -> MessageChange.revoke("p\udc00q", at),
        () -> MessageChange.revoke("x".repeat(257), at),
        () -> MessageChange.edit("m1", "two", Instant.parse("+300000-01-01T00:00:00Z")),
        () -> new MessageChange("m1", MessageChange.Kind.REVOKE, Optional.of("text"), at),
        () -> new MessageChange("m1", MessageChange.Kind.EDIT, Optional.empty(), at),
        () -> new ConsentSignal(List.of(PHONE), Channels.WEB_CHAT.id(), Purpose.MARKETING, ConsentStatus.REVOKED,
            "stop\u0000", at),
        () -> new ConsentSignal(List.of(PHONE), Channels.WEB_CHAT.id(), Purpose.MARKETING, ConsentStatus.REVOKED,
            "x".repeat(129), at),
        () -> new ConsentSignal(List.of(), Channels.WEB_CHAT.id(), Purpose.MARKETING, ConsentStatus.REVOKED, "stop", at),
        () -> new ConsentSignal(List.of(PHONE), Channels.WEB_CHAT.id(), Purpose.MARKETING, ConsentStatus.REVOKED,
            "stop", Instant.parse("-999999999-01-01T00:00:00Z")));
    for (Runnable r : refused) {
      org.assertj.core.api.Assertions.assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class);
    }
    // refused while the adapter parses: nothing reached the store
    assertThat(only()).isEqualTo(before);
    assertThat(anna().orElseThrow().consents()).isEmpty();
    assertThat(seen).noneMatch(TouchpointChanged.class::isInstance);
  }

  @Test
  void replacePayloadIsACompareAndSetOnTheStoredPayload() {
    deliver(message("m1", "one", DEVICE, PHONE));
    Touchpoint t = only();
    JsonNode stale = JsonNodeFactory.instance.objectNode().put("text", "not what is stored");
    ObjectNode next = JsonNodeFactory.instance.objectNode().put("text", "two").put("total", new java.math.BigDecimal("19.90"));

    boolean staleWon = store().inTransaction(tenant, tx -> tx.touchpoints().replacePayload(t.id(), stale, next));
    assertThat(staleWon).isFalse();
    assertThat(only().payloadText("text")).contains("one");
    boolean replaced = store().inTransaction(tenant, tx -> tx.touchpoints().replacePayload(t.id(), t.payload(), next));
    assertThat(replaced).isTrue();
    Touchpoint after = only();
    assertThat(after.payload()).isEqualTo(next);
    assertThat(after.externalId()).isEqualTo(t.externalId());
    assertThat(after.occurredAt()).isEqualTo(t.occurredAt());
    boolean otherTenant = store().inTransaction(TenantId.of("t-" + UUID.randomUUID()),
        tx -> tx.touchpoints().replacePayload(t.id(), next, stale));
    assertThat(otherTenant).isFalse();
  }
}
