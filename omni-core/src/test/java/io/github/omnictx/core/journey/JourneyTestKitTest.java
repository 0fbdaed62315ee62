package io.github.omnictx.core.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.testkit.JourneyTestKit;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test kit as a retailer would use it for a journey of its own: days of journey in milliseconds. */
class JourneyTestKitTest {

  @Test
  void aWeekOfJourneyRunsOnTheVirtualClockWithEveryStepAtItsDueTime() {
    Journey winBack = Journey.builder("win_back", 1)
        .trigger(Trigger.on(TouchpointType.PURCHASE))
        .exitWhen(TouchpointType.PAGE_VIEW, (run, view) -> true)
        .waitFor(Duration.ofDays(3))
        .send(Purpose.MARKETING, List.of(Channels.EMAIL.id()), run -> "How are your new shoes?")
        .waitFor(Duration.ofDays(4))
        .send(Purpose.MARKETING, List.of(Channels.SMS.id()), run -> "10% off your next pair")
        .build();
    JourneyTestKit kit = JourneyTestKit.builder().journey(winBack).build();
    OmniTenant shop = kit.tenant();
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com"), Identity.phone("+4915112345678"),
        Identity.of(IdentityKind.DEVICE, "d-1")), Map.of());
    shop.consents().record(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "signup");
    shop.consents().record(anna.id(), Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "signup");
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.STORE.id(), TouchpointType.PURCHASE)
        .payload(JsonNodeFactory.instance.objectNode().put("order", "o-1")).build());

    long started = System.nanoTime();
    kit.advance(Duration.ofDays(10));
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(kit.sent()).extracting(JourneyTestKit.Sent::channel, JourneyTestKit.Sent::at).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Channels.EMAIL.id(), Instant.parse("2026-03-05T09:00:00Z")),
        org.assertj.core.groups.Tuple.tuple(Channels.SMS.id(), Instant.parse("2026-03-09T09:00:00Z")));
    assertThat(kit.now()).isEqualTo(Instant.parse("2026-03-12T09:00:00Z"));
    assertThat(shop.journeys().ofCustomer(anna.id(), 5)).singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(JourneyRun.Status.COMPLETED));
    System.out.println("[journey-test-kit] ten virtual days in " + tookMillis + " ms");
  }

  @Test
  void theBuiltInAbandonedCartStopsWhenTheCustomerComesBackAndBuys() {
    JourneyTestKit kit = JourneyTestKit.builder().journey(BuiltInJourneys.abandonedCart()).build();
    OmniTenant shop = kit.tenant();
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    shop.consents().record(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "signup");
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.WEB.id(), TouchpointType.CART_ABANDONED)
        .payload(JsonNodeFactory.instance.objectNode().put("cart", "c-1")).build());
    kit.advance(Duration.ofMinutes(19).plusSeconds(59));
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.WEB.id(), TouchpointType.PURCHASE)
        .payload(JsonNodeFactory.instance.objectNode().put("cart", "c-1")).build());

    kit.advance(Duration.ofHours(1));

    assertThat(kit.sent()).isEmpty();
    assertThat(shop.journeys().latest("abandoned_cart", "c-1")).map(JourneyRun::status).contains(JourneyRun.Status.EXITED);
  }
}
