package io.github.omnictx.core.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.QuietHours;
import io.github.omnictx.core.outbound.FrequencyCap;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimingTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final QuietHours NIGHT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));

  @Test
  void aTimeOutsideQuietHoursIsKept() {
    Instant noon = Instant.parse("2026-03-02T11:00:00Z");
    assertThat(Timing.endOfQuiet(noon, NIGHT, BERLIN)).isEqualTo(noon);
  }

  @Test
  void quietHoursOverMidnightEndTheNextMorningOrThisMorning() {
    assertThat(Timing.endOfQuiet(Instant.parse("2026-03-02T21:30:00Z"), NIGHT, BERLIN))
        .isEqualTo(Instant.parse("2026-03-03T07:00:00Z"));
    assertThat(Timing.endOfQuiet(Instant.parse("2026-03-03T05:00:00Z"), NIGHT, BERLIN))
        .isEqualTo(Instant.parse("2026-03-03T07:00:00Z"));
  }

  @Test
  void theNightTheClocksGoForwardIsAnHourShorter() {
    assertThat(Timing.endOfQuiet(Instant.parse("2026-03-28T21:30:00Z"), NIGHT, BERLIN))
        .isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
    assertThat(Timing.endOfQuiet(Instant.parse("2026-10-24T20:30:00Z"), NIGHT, BERLIN))
        .isEqualTo(Instant.parse("2026-10-25T07:00:00Z"));
  }

  @Test
  void anEndInsideTheDstGapEndsTheQuietAtTheTransition() {
    QuietHours untilHalfPastTwo = new QuietHours(LocalTime.of(22, 0), LocalTime.of(2, 30));
    // 02:30 does not exist in Berlin on 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST at 01:00Z.
    assertThat(Timing.endOfQuiet(Instant.parse("2026-03-28T23:00:00Z"), untilHalfPastTwo, BERLIN))
        .isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
  }

  @Test
  void quietHoursWithinOneDayEndThatDay() {
    QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(14, 0));
    assertThat(Timing.endOfQuiet(Instant.parse("2026-03-02T11:30:00Z"), lunch, BERLIN))
        .isEqualTo(Instant.parse("2026-03-02T13:00:00Z"));
  }

  @Test
  void theWhatsAppWindowIsOpenForTwentyFourHoursAfterTheLastInboundMessage() {
    Instant at = Instant.parse("2026-03-02T12:00:00Z");
    assertThat(Timing.windowOpen(Channels.WHATSAPP, Optional.of(at.minus(Duration.ofHours(23))), at)).isTrue();
    assertThat(Timing.windowOpen(Channels.WHATSAPP, Optional.of(at.minus(Duration.ofHours(24))), at)).isFalse();
    assertThat(Timing.windowOpen(Channels.WHATSAPP, Optional.empty(), at)).isFalse();
    assertThat(Timing.windowOpen(Channels.SMS, Optional.empty(), at)).isTrue();
  }

  @Test
  void aCalendarDayCapCountsTheCustomersDayAndARollingOneBothSides() {
    Instant at = Instant.parse("2026-03-02T23:30:00Z");
    Instant[] day = Timing.capPeriod(FrequencyCap.perDay(2), at, BERLIN);
    Instant[] rolling = Timing.capPeriod(FrequencyCap.rolling(2, Duration.ofHours(24)), at, BERLIN);

    assertThat(day).containsExactly(Instant.parse("2026-03-02T23:00:00Z"), Instant.parse("2026-03-03T23:00:00Z"));
    assertThat(rolling[0]).isEqualTo(Instant.parse("2026-03-01T23:30:00.000001Z"));
    assertThat(rolling[1]).isEqualTo(Instant.parse("2026-03-03T23:30:00Z"));
  }
}
