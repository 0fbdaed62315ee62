package io.github.omnictx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.timeline.Touchpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetailDemoTest {

  @Test
  void demoPrintsOneCustomersTimelineAcrossFourChannels() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    List<Touchpoint> timeline = RetailDemo.run(new PrintStream(buffer, true, StandardCharsets.UTF_8),
        Clock.fixed(Instant.parse("2026-03-05T15:00:00Z"), ZoneOffset.UTC));
    String out = buffer.toString(StandardCharsets.UTF_8);

    assertThat(timeline).extracting(Touchpoint::customerId).containsOnly(timeline.get(0).customerId());
    assertThat(timeline).extracting(Touchpoint::channel).contains(Channels.WEB.id(), Channels.WEB_CHAT.id(),
        Channels.WHATSAPP.id(), Channels.STORE.id());
    assertThat(timeline).isSortedAccordingTo(java.util.Comparator.comparing(Touchpoint::occurredAt));
    assertThat(out).contains("Timeline of Anna Schmidt: 8 touchpoints on 4 channels")
        .contains("Web shop").contains("Web chat").contains("WhatsApp").contains("Store")
        .contains("bought Trail Runner GTX");
  }

  @Test
  void quickStartRecordsTheRedeliveredMessageOnce() {
    assertThat(QuickStart.run().items()).hasSize(2);
  }
}
