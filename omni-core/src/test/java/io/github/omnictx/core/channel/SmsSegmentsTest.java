package io.github.omnictx.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsSegmentsTest {

  @Test
  void gsmTextTakes160CharactersAloneAnd153PerConcatenatedSegment() {
    assertThat(SmsSegments.encoding("Hallo Jürgen, Ihr Paket ist da! @ £ ¥ è")).isEqualTo(SmsSegments.Encoding.GSM_7);
    assertThat(SmsSegments.count("")).isEqualTo(1);
    assertThat(SmsSegments.count("a".repeat(160))).isEqualTo(1);
    assertThat(SmsSegments.count("a".repeat(161))).isEqualTo(2);
    assertThat(SmsSegments.count("a".repeat(306))).isEqualTo(2);
    assertThat(SmsSegments.count("a".repeat(307))).isEqualTo(3);
  }

  @Test
  void extensionCharactersTakeTwoSeptets() {
    assertThat(SmsSegments.encoding("price: 10€ [net]")).isEqualTo(SmsSegments.Encoding.GSM_7);
    assertThat(SmsSegments.count("€".repeat(80))).isEqualTo(1);
    assertThat(SmsSegments.count("€".repeat(81))).isEqualTo(2);
  }

  @Test
  void anyOtherCharacterMakesTheTextUcs2With70AndThen67Units() {
    assertThat(SmsSegments.encoding("Zamówienie wysłane")).isEqualTo(SmsSegments.Encoding.UCS_2);
    assertThat(SmsSegments.count("ł".repeat(70))).isEqualTo(1);
    assertThat(SmsSegments.count("ł".repeat(71))).isEqualTo(2);
    assertThat(SmsSegments.count("ł".repeat(670))).isEqualTo(10);
    assertThat(SmsSegments.count("ł".repeat(671))).isEqualTo(11);
    assertThat(SmsSegments.count("\uD83D\uDE00".repeat(35))).isEqualTo(1);
  }

  @Test
  void theSmsChannelRefusesMoreThanTenSegments() {
    assertThat(Channels.SMS.textProblem("ł".repeat(670))).isEmpty();
    assertThat(Channels.SMS.textProblem("ł".repeat(671))).get().asString().contains("11 SMS segments (UCS_2)");
    assertThat(Channels.SMS.textProblem("a".repeat(1530))).isEmpty();
    assertThat(Channels.SMS.textProblem("a".repeat(1531))).get().asString().contains("11 SMS segments");
    assertThat(Channels.TELEGRAM.textProblem("a".repeat(4097))).get().asString().contains("at most 4096");
  }
}
