package io.github.omnictx.core.engine.outbound;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.spi.ChannelActivity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Orders the channels that passed every check: the customer's preferred channels first, in their
 * order; then the rest by how much the customer answers on each (replies plus reads over the answer
 * window), most first; ties keep the order given (the intent's channels, or channel ids). Not API.
 * Stateless.
 */
public final class Ranking {
  private Ranking() {}

  /**
   * @param eligible the channels in tie-break order
   * @param preferred the customer's preferred channels, best first
   * @param activity what the customer did per channel
   * @return the channels, best first
   */
  public static List<ChannelId> rank(List<ChannelId> eligible, List<ChannelId> preferred,
      Map<ChannelId, ChannelActivity> activity) {
    List<ChannelId> out = new ArrayList<>(eligible);
    Comparator<ChannelId> byPreference = Comparator.comparingInt(c -> {
      int i = preferred.indexOf(c);
      return i < 0 ? Integer.MAX_VALUE : i;
    });
    Comparator<ChannelId> byAnswers = Comparator.comparingLong(
        c -> preferred.contains(c) ? 0 : -activity.getOrDefault(c, ChannelActivity.NONE).answers());
    out.sort(byPreference.thenComparing(byAnswers).thenComparingInt(eligible::indexOf));
    return out;
  }

  /**
   * Why a channel stands where it does, for a decision's detail.
   *
   * @param channel the channel
   * @param preferred the customer's preferred channels
   * @param activity what the customer did per channel
   * @return e.g. {@code "preferred"}, {@code "12 answers"}
   */
  static String why(ChannelId channel, List<ChannelId> preferred, Map<ChannelId, ChannelActivity> activity) {
    if (preferred.contains(channel)) {
      return "preferred #" + (preferred.indexOf(channel) + 1);
    }
    long answers = activity.getOrDefault(channel, ChannelActivity.NONE).answers();
    return answers + (answers == 1 ? " answer" : " answers");
  }
}
