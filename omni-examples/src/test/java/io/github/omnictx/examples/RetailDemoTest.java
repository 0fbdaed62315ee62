package io.github.omnictx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.SuppressionReason;
import io.github.omnictx.core.timeline.Touchpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetailDemoTest {

  @Test
  void demoRecognisesOneCustomerAcrossCookieEmailPhoneAndLoyaltyCardAfterAMerge() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    RetailDemo.Outcome outcome = RetailDemo.run(new PrintStream(buffer, true, StandardCharsets.UTF_8),
        Clock.fixed(Instant.parse("2026-03-05T15:00:00Z"), ZoneOffset.UTC));
    String out = buffer.toString(StandardCharsets.UTF_8);

    assertThat(outcome.recognised()).hasSize(4).containsValue(outcome.customer().id());
    assertThat(outcome.recognised().values()).containsOnly(outcome.customer().id());
    assertThat(outcome.recognised()).containsKey(Identity.loyaltyCard("400012345678"));
    assertThat(outcome.merge().survivor()).isEqualTo(outcome.customer().id());
    assertThat(outcome.merge().absorbed()).hasSize(1);
    assertThat(outcome.customer().identities()).hasSize(4);
    assertThat(outcome.timeline()).extracting(Touchpoint::customerId)
        .containsOnly(outcome.customer().id(), outcome.merge().absorbed().get(0));
    assertThat(outcome.timeline()).extracting(Touchpoint::channel).contains(Channels.WEB.id(), Channels.WEB_CHAT.id(),
        Channels.WHATSAPP.id(), Channels.STORE.id());
    assertThat(outcome.timeline()).isSortedAccordingTo(java.util.Comparator.comparing(Touchpoint::occurredAt));
    assertThat(out).contains("new anonymous customer").contains("merged customer")
        .contains("Timeline of Anna Schmidt: 8 touchpoints on 4 channels")
        .contains("Web shop").contains("Web chat").contains("WhatsApp").contains("Store")
        .contains("bought Trail Runner GTX").contains("SMS marketing: GRANTED");
  }

  @Test
  void demoQueuesTheCartReminderOnSmsSuppressesTheSecondPromotionAndSendsTheReminder() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    RetailDemo.Outcome outcome = RetailDemo.run(new PrintStream(buffer, true, StandardCharsets.UTF_8),
        Clock.fixed(Instant.parse("2026-03-05T15:00:00Z"), ZoneOffset.UTC));
    String out = buffer.toString(StandardCharsets.UTF_8);

    OutboundDecision reminder = outcome.decisions().get(0);
    OutboundDecision promotion = outcome.decisions().get(1);
    assertThat(reminder.outcome()).isEqualTo(OutboundDecision.Outcome.QUEUED);
    assertThat(reminder.channel()).contains(Channels.SMS.id());
    assertThat(reminder.rejected()).extracting(v -> v.reason()).containsExactly(SuppressionReason.NO_CONSENT);
    assertThat(promotion.reason()).contains(SuppressionReason.FREQUENCY_CAP);
    assertThat(outcome.dispatched().sent()).isEqualTo(1);
    assertThat(out).contains("cart reminder: QUEUED on sms to PHONE +4915112345678")
        .contains("spring sale:   SUPPRESSED: FREQUENCY_CAP")
        .contains("[sms to +4915112345678] Anna, your Merino running socks are still in your cart")
        .contains("the reminder's touchpoint: sms SENT");
  }

  @Test
  void demoJourneysRemindOfTheCartAndFollowUpTheLowNpsScoreWithATaskForTheStore() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    RetailDemo.JourneyOutcome outcome = RetailDemo.journeys(new PrintStream(buffer, true, StandardCharsets.UTF_8),
        Instant.parse("2026-03-05T08:00:00Z"));
    String out = buffer.toString(StandardCharsets.UTF_8);

    assertThat(outcome.sent()).extracting(s -> s.channel().value(), s -> s.at().toString()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("email", "2026-03-05T08:20:00Z"),
        org.assertj.core.groups.Tuple.tuple("push", "2026-03-05T08:20:00Z"),
        org.assertj.core.groups.Tuple.tuple("email", "2026-03-05T10:20:00Z"),
        org.assertj.core.groups.Tuple.tuple("email", "2026-03-05T10:45:00Z"));
    assertThat(outcome.task().owner()).isEqualTo(io.github.omnictx.core.conversation.Participant.queue("store-berlin-01"));
    assertThat(outcome.runs()).extracting(r -> r.status().name()).containsOnly("COMPLETED");
    assertThat(out).contains("Thu 05 Mar 09:20  [email to anna.schmidt@example.com] You left the Merino running socks")
        .contains("[push to app-anna-iphone] Still thinking about the Merino running socks?")
        .contains("How likely are you to recommend").contains("What should we do better?")
        .contains("task for the store: conversation in queue:store-berlin-01: Detractor: NPS score 4");
  }

  @Test
  void quickStartRecordsTheRedeliveredMessageOnce() {
    assertThat(QuickStart.run().items()).hasSize(2);
  }
}
