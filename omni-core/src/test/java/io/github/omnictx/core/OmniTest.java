package io.github.omnictx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.event.CustomerCreated;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.TouchpointRecorded;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.outbound.FrequencyCap;
import io.github.omnictx.core.outbound.OutboundDecision.Outcome;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.outbound.OutboundPolicy;
import io.github.omnictx.core.testing.FakeProvider;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.TouchpointType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OmniTest {
  private final MutableClock clock = MutableClock.atMondayMorning();

  @Test
  void listenersSeeCommittedEventsInOrder() {
    List<OmniEvent> seen = new CopyOnWriteArrayList<>();
    OmniTenant shop = Omni.builder().clock(clock).listener(seen::add).build().tenant("acme");
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.SMS.id(), TouchpointType.MESSAGE).externalId("1").build());
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.SMS.id(), TouchpointType.MESSAGE).externalId("1").build());

    assertThat(seen).hasSize(3); // created, identity linked, recorded once (the duplicate raises nothing)
    assertThat(seen.get(0)).isInstanceOf(CustomerCreated.class);
    assertThat(seen.get(2)).isInstanceOfSatisfying(TouchpointRecorded.class,
        e -> assertThat(e.touchpoint().externalId()).contains("1"));
    assertThat(seen).allSatisfy(e -> assertThat(e.tenant()).isEqualTo(TenantId.of("acme")));
  }

  @Test
  void throwingListenerIsContainedAndOthersStillRun() {
    List<OmniEvent> seen = new CopyOnWriteArrayList<>();
    OmniTenant shop = Omni.builder().clock(clock)
        .listener(e -> {
          throw new IllegalStateException("listener bug");
        })
        .listener(seen::add)
        .build().tenant("acme");
    Customer anna = shop.customers().create(List.of(), Map.of());
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.SMS.id(), TouchpointType.MESSAGE).build());

    assertThat(seen).hasSize(2);
    assertThat(shop.timeline().page(TimelineQuery.forCustomer(anna.id()).build()).items()).hasSize(1);
  }

  @Test
  void rolledBackWriteRaisesNoEvent() {
    List<OmniEvent> seen = new CopyOnWriteArrayList<>();
    OmniTenant shop = Omni.builder().clock(clock).listener(seen::add).build().tenant("acme");
    shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    seen.clear();
    assertThatThrownBy(() -> shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of()))
        .isInstanceOf(io.github.omnictx.core.identity.IdentityConflictException.class);
    assertThat(seen).isEmpty();
  }

  @Test
  void customChannelsCanBeRegistered() {
    Channel kiosk = Channel.builder("kiosk", ChannelKind.IN_PERSON).displayName("In-store kiosk").build();
    OmniTenant shop = Omni.builder().clock(clock).channel(kiosk).build().tenant("acme");
    Customer anna = shop.customers().create(List.of(), Map.of());
    assertThat(shop.timeline().record(NewTouchpoint.builder(anna.id(), ChannelId.of("kiosk"), TouchpointType.PAGE_VIEW)
        .build()).duplicate()).isFalse();
  }

  @Test
  void badInputIsRejectedWithTypedErrorsNamingTheField() {
    OmniTenant shop = Omni.builder().clock(clock).build().tenant("acme");
    assertThatThrownBy(() -> TenantId.of(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant");
    assertThatThrownBy(() -> ChannelId.of("Not Valid")).hasMessageContaining("channel").hasMessageContaining("Not Valid");
    assertThatThrownBy(() -> TimelineQuery.forCustomer(new io.github.omnictx.core.customer.CustomerId(UUID.randomUUID())).pageSize(0))
        .hasMessageContaining("pageSize").hasMessageContaining("0");
    assertThatThrownBy(() -> TimelineQuery.forCustomer(new io.github.omnictx.core.customer.CustomerId(UUID.randomUUID()))
        .pageSize(TimelineQuery.MAX_PAGE_SIZE + 1)).hasMessageContaining("pageSize");
    assertThatThrownBy(() -> NewTouchpoint.builder(null, Channels.SMS.id(), TouchpointType.MESSAGE))
        .hasMessageContaining("customer");
    assertThatThrownBy(() -> shop.customers().create(List.of(), Map.of("bad key", "v")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("bad key");
    Customer anna = shop.customers().create(List.of(), Map.of());
    assertThatThrownBy(() -> shop.timeline().page(TimelineQuery.forCustomer(anna.id()).after("garbage!").build()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("cursor");
    assertThatThrownBy(() -> shop.timeline().record(null)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void idsAreTimeOrderedAndUniqueEvenWhenTheClockStandsStill() {
    IdGenerator ids = IdGenerator.timeOrdered(clock);
    UUID previous = ids.next();
    for (int i = 0; i < 10_000; i++) {
      UUID next = ids.next();
      assertThat(io.github.omnictx.core.internal.Uuids.UNSIGNED.compare(next, previous)).isPositive();
      assertThat(next.version()).isEqualTo(7);
      previous = next;
    }
    assertThat(previous.getMostSignificantBits() >>> 16).isGreaterThanOrEqualTo(clock.millis());
  }

  @Test
  void idsKeepIncreasingWhenTheClockStepsBack() {
    IdGenerator ids = IdGenerator.timeOrdered(clock);
    UUID before = ids.next();
    clock.advance(java.time.Duration.ofSeconds(-5));
    UUID after = ids.next();
    assertThat(io.github.omnictx.core.internal.Uuids.UNSIGNED.compare(after, before)).isPositive();
    assertThat(after.getMostSignificantBits() >>> 16).isEqualTo(before.getMostSignificantBits() >>> 16);
  }

  @Test
  void tenantViewsAreBoundedAndAViewMadeAgainSeesTheSameData() {
    Omni omni = Omni.builder().clock(clock).build();
    OmniTenant hot = omni.tenant("hot");
    Customer anna = hot.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    for (int i = 0; i < 100_000; i++) {
      omni.tenant("t-" + i);
      if (i % 100 == 0) {
        assertThat(omni.tenant("hot")).isSameAs(hot); // a tenant in use keeps its view
      }
    }
    assertThat(omni.tenantViewsKept()).isEqualTo(Omni.TENANT_VIEWS_KEPT); // on main: 100,001 views held
    OmniTenant cold = omni.tenant("t-0"); // long evicted: made again
    assertThat(cold.id()).isEqualTo(TenantId.of("t-0"));
    for (int i = 0; i < Omni.TENANT_VIEWS_KEPT; i++) {
      omni.tenant("u-" + i);
    }
    OmniTenant again = omni.tenant("hot");
    assertThat(again).isNotSameAs(hot);
    assertThat(again.customers().getByIdentity(Identity.email("anna@example.com"))).isEqualTo(anna);
  }

  @Test
  void aTenantsOwnOutboundPolicyOverridesTheDefaultAndOnlyForIt() {
    TenantId strict = TenantId.of("strict");
    FakeProvider sms = new FakeProvider("fake-sms", Channels.SMS.id());
    Omni omni = Omni.builder().adapter(sms).outboundPolicy(strict, OutboundPolicy.builder()
        .cap(FrequencyCap.perDay(1).forPurposes(Purpose.TRANSACTIONAL)).build()).build();

    assertThat(omni.outboundPolicy(strict).caps()).hasSize(1);
    assertThat(omni.outboundPolicy(TenantId.of("relaxed")).caps()).isEmpty();
    for (String tenant : List.of("strict", "relaxed")) {
      OmniTenant shop = omni.tenant(tenant);
      Customer c = shop.customers().create(List.of(Identity.phone("+49 151 12345678")), Map.of());
      List<Outcome> outcomes = new ArrayList<>();
      for (String key : List.of("a", "b")) {
        outcomes.add(shop.outbound().send(OutboundIntent.builder(c.id(), Purpose.TRANSACTIONAL, key).text("Shipped")
            .build()).outcome());
      }
      assertThat(outcomes.get(1)).as(tenant).isEqualTo(tenant.equals("strict") ? Outcome.SUPPRESSED : Outcome.QUEUED);
    }
  }
}
