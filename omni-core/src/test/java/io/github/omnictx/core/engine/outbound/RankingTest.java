package io.github.omnictx.core.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.spi.ChannelActivity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RankingTest {
  private static final ChannelId SMS = Channels.SMS.id();
  private static final ChannelId EMAIL = Channels.EMAIL.id();
  private static final ChannelId TELEGRAM = Channels.TELEGRAM.id();
  private static final ChannelId PUSH = Channels.PUSH.id();

  private static ChannelActivity answers(long replies, long reads) {
    return new ChannelActivity(replies, reads, Optional.empty(), Optional.empty());
  }

  @Test
  void theMostAnsweredChannelComesFirstAndTiesKeepTheGivenOrder() {
    Map<ChannelId, ChannelActivity> activity = Map.of(TELEGRAM, answers(2, 1), SMS, answers(0, 1));

    assertThat(Ranking.rank(List.of(EMAIL, PUSH, SMS, TELEGRAM), List.of(), activity))
        .containsExactly(TELEGRAM, SMS, EMAIL, PUSH);
  }

  @Test
  void preferredChannelsComeFirstInTheCustomersOrderWhateverTheHabits() {
    Map<ChannelId, ChannelActivity> activity = Map.of(TELEGRAM, answers(50, 0), SMS, answers(3, 0));

    assertThat(Ranking.rank(List.of(EMAIL, PUSH, SMS, TELEGRAM), List.of(PUSH, EMAIL), activity))
        .containsExactly(PUSH, EMAIL, TELEGRAM, SMS);
    assertThat(Ranking.why(TELEGRAM, List.of(PUSH), activity)).isEqualTo("50 answers");
    assertThat(Ranking.why(PUSH, List.of(PUSH), activity)).isEqualTo("preferred #1");
  }
}
