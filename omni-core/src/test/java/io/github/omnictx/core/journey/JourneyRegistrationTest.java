package io.github.omnictx.core.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.core.Omni;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.loyalty.InMemoryLoyalty;
import io.github.omnictx.core.loyalty.LoyaltyPoints;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad definitions are refused when they are built or registered, with a message naming what is wrong. */
class JourneyRegistrationTest {
  private static final TouchpointType VIEW = TouchpointType.PAGE_VIEW;

  private static Journey.Builder journey(String name) {
    return Journey.builder(name, 1).trigger(Trigger.on(VIEW));
  }

  @Test
  void aStepOnAnUnknownChannelIsRefused() {
    Journey j = journey("fax").send(Purpose.MARKETING, List.of(ChannelId.of("fax")), r -> "hi").build();

    assertThatThrownBy(() -> Omni.builder().journey(j).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("journey fax v1 step 0", "channel 'fax'", "not registered");
  }

  @Test
  void aSendOnAChannelWithoutOutboundMessagesIsRefused() {
    Journey j = journey("shop").send(Purpose.MARKETING, List.of(Channels.STORE.id()), r -> "hi").build();

    assertThatThrownBy(() -> Omni.builder().journey(j).build()).hasMessageContaining("allows no outbound messages");
  }

  @Test
  void aPurposeIsRequired() {
    assertThatThrownBy(() -> journey("x").send(null, List.of(), r -> "hi")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("purpose");
  }

  @Test
  void waitsOfZeroOrNegativeLengthAreRefused() {
    assertThatThrownBy(() -> journey("x").waitFor(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wait must be positive", "PT0S");
    assertThatThrownBy(() -> journey("x").waitFor(Duration.ofMinutes(-1))).hasMessageContaining("PT-1M");
    assertThatThrownBy(() -> journey("x").waitForEvent(VIEW, (r, t) -> true, Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
  }

  @Test
  void journeysTriggeringEachOtherWithoutEndAreRefused() {
    TouchpointType thanks = TouchpointType.of("thank_you_sent");
    Journey award = Journey.builder("award_on_note", 1).trigger(Trigger.on(Journey.NOTE))
        .awardPoints(10, "for the note").build();
    Journey note = Journey.builder("note_on_award", 1).trigger(Trigger.on(LoyaltyPoints.AWARD))
        .note(r -> "points awarded").build();

    assertThatThrownBy(() -> Omni.builder().loyalty(new InMemoryLoyalty(Clock.systemUTC())).journey(award).journey(note)
        .build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trigger each other without end", "award_on_note -> note_on_award -> award_on_note");
    Journey self = Journey.builder("echo", 1).trigger(Trigger.on(TouchpointType.MESSAGE))
        .send(Purpose.SERVICE, List.of(), r -> "echo").build();
    assertThatThrownBy(() -> Omni.builder().journey(self).build()).hasMessageContaining("echo -> echo");
    // An inbound-only trigger is not started by the journey's own outbound messages.
    Journey reply = Journey.builder("reply", 1).trigger(Trigger.on(TouchpointType.MESSAGE).direction(Direction.INBOUND))
        .send(Purpose.SERVICE, List.of(), r -> "thanks").build();
    assertThat(Omni.builder().journey(reply).touchpointType(thanks).build().tenant("t").journeys().definitions())
        .containsExactly(reply);
  }

  @Test
  void aTriggerOnATypeNothingRecordsIsRefusedUnlessDeclared() {
    TouchpointType redeemed = TouchpointType.of("loyalty_points_redeemed");
    Journey j = Journey.builder("redeemed", 1).trigger(Trigger.on(redeemed)).note(r -> "redeemed").build();

    assertThatThrownBy(() -> Omni.builder().journey(j).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loyalty_points_redeemed", "nothing records", "touchpointType(");
    assertThat(Omni.builder().journey(j).touchpointType(redeemed).build().tenant("t").journeys().definitions())
        .hasSize(1);
    Journey guard = journey("guarded").exitWhen(redeemed, (r, t) -> true).note(r -> "x").build();
    assertThatThrownBy(() -> Omni.builder().journey(guard).build()).hasMessageContaining("exit guard");
  }

  @Test
  void pointsWithoutALoyaltySystemAreRefused() {
    Journey j = journey("sorry").awardPoints(100, "apology").build();

    assertThatThrownBy(() -> Omni.builder().journey(j).build()).hasMessageContaining("needs a loyalty system");
  }

  @Test
  void aVersionRegisteredTwiceAndBrokenLabelsAreRefused() {
    Journey j = journey("twice").note(r -> "x").build();
    assertThatThrownBy(() -> Omni.builder().journey(j).journey(j).build()).hasMessageContaining("twice v1 is registered twice");
    assertThatThrownBy(() -> journey("x").branchTo(r -> true, "nowhere").build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("label 'nowhere', which is not declared");
    assertThatThrownBy(() -> journey("x").label("l").build()).hasMessageContaining("needs a step");
    assertThatThrownBy(() -> Journey.builder("x", 1).note(r -> "x").build()).hasMessageContaining("needs a trigger");
    assertThatThrownBy(() -> Journey.builder("Bad Name", 1)).hasMessageContaining("journey name");
  }
}
