package io.github.omnictx.core.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.outbound.FrequencyCap;
import io.github.omnictx.core.outbound.OutboundDecision.Outcome;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.outbound.OutboundPolicy;
import io.github.omnictx.core.outbound.SuppressionReason;
import io.github.omnictx.core.spi.ChannelActivity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The decision from known facts alone: no store, no clock. */
class DeciderTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final Map<ChannelId, Channel> CHANNELS = new HashMap<>();

  static {
    Channels.STANDARD.forEach(c -> CHANNELS.put(c.id(), c));
  }

  private static Customer anna(Consent... consents) {
    Customer.Builder b = Customer.builder(new CustomerId(UUID.randomUUID()), NOW).identity(Identity.email("a@example.com"));
    for (Consent c : consents) {
      b.consent(c);
    }
    return b.build();
  }

  private static Decider.Facts facts(Customer c, OutboundPolicy policy, Set<ChannelId> senders,
      Map<ChannelId, ChannelActivity> activity, Decider.CapCounter caps) {
    return new Decider.Facts(c, NOW, policy, CHANNELS, senders, activity, caps);
  }

  private static OutboundIntent intent(Customer c, Purpose p, ChannelId... channels) {
    return OutboundIntent.builder(c.id(), p, "k").text("hello").channels(List.of(channels)).build();
  }

  @Test
  void theSuppressionNamesTheCheckThatGotFurthest() {
    Customer c = anna();
    // sms: no adapter (first check); email: no consent for marketing (third).
    Decider.Draft d = Decider.decide(intent(c, Purpose.MARKETING, Channels.SMS.id(), Channels.EMAIL.id()),
        facts(c, OutboundPolicy.defaults(), Set.of(Channels.EMAIL.id()), Map.of(), (p, f, u) -> Map.of()));

    assertThat(d.outcome()).isEqualTo(Outcome.SUPPRESSED);
    assertThat(d.reason()).isEqualTo(SuppressionReason.NO_CONSENT);
    assertThat(d.detail()).contains("email: no consent answer").doesNotContain("sms:");
    assertThat(d.rejected()).extracting(v -> v.reason())
        .containsExactly(SuppressionReason.CHANNEL_UNAVAILABLE, SuppressionReason.NO_CONSENT);
  }

  @Test
  void capsAreNotCountedForPurposesTheyDoNotName() {
    Customer c = anna();
    AtomicInteger queries = new AtomicInteger();
    OutboundPolicy policy = OutboundPolicy.builder().cap(FrequencyCap.perDay(1)).build();

    Decider.Draft d = Decider.decide(intent(c, Purpose.TRANSACTIONAL, Channels.EMAIL.id()),
        facts(c, policy, Set.of(Channels.EMAIL.id()), Map.of(), (p, f, u) -> {
          queries.incrementAndGet();
          return Map.of(Channels.EMAIL.id(), 9);
        }));

    assertThat(d.outcome()).isEqualTo(Outcome.QUEUED);
    assertThat(queries).hasValue(0);
  }

  @Test
  void aCapNamingTransactionalCountsIt() {
    Customer c = anna();
    OutboundPolicy policy = OutboundPolicy.builder()
        .cap(FrequencyCap.rolling(3, Duration.ofHours(1)).forPurposes(Purpose.TRANSACTIONAL)).build();

    Decider.Draft d = Decider.decide(intent(c, Purpose.TRANSACTIONAL, Channels.EMAIL.id()),
        facts(c, policy, Set.of(Channels.EMAIL.id()), Map.of(), (p, f, u) -> Map.of(Channels.EMAIL.id(), 3)));

    assertThat(d.reason()).isEqualTo(SuppressionReason.FREQUENCY_CAP);
  }

  @Test
  void aPurchaseOutsideThePauseDoesNotStopMarketing() {
    Customer c = anna(new Consent(Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web", NOW));
    OutboundPolicy policy = OutboundPolicy.builder().marketingPauseAfterPurchase(Duration.ofDays(3)).build();
    Map<ChannelId, ChannelActivity> bought = Map.of(Channels.STORE.id(),
        new ChannelActivity(0, 0, Optional.empty(), Optional.of(NOW.minus(Duration.ofDays(3)))));

    Decider.Draft d = Decider.decide(intent(c, Purpose.MARKETING, Channels.EMAIL.id()),
        facts(c, policy, Set.of(Channels.EMAIL.id()), bought, (p, f, u) -> Map.of()));

    assertThat(d.outcome()).isEqualTo(Outcome.QUEUED);
    assertThat(d.dueAt()).isEqualTo(NOW);
  }

  @Test
  void theScanReachesBackToTheLongestWindowTheDecisionNeeds() {
    OutboundPolicy policy = OutboundPolicy.builder().answerWindow(Duration.ofDays(7))
        .marketingPauseAfterPurchase(Duration.ofDays(30)).build();

    assertThat(Decider.scanFrom(NOW, policy, CHANNELS.values())).isEqualTo(NOW.minus(Duration.ofDays(30)));
    assertThat(Decider.scanFrom(NOW, OutboundPolicy.defaults(), CHANNELS.values()))
        .isEqualTo(NOW.minus(Duration.ofDays(180)));
  }
}
