package io.github.omnictx.core.outbound;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.internal.Checks;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * At most {@code limit} messages of some purposes to one customer in a period: per calendar day in
 * the customer's time zone ({@link #perDay}), or in any rolling window of a length ({@link
 * #rolling}) around the send time; on one channel, or over every channel together.
 *
 * <p>What counts: the customer's earlier decisions (merged customers' included) that were queued or
 * deferred, for one of the cap's purposes, at their due time, on their first step's channel.
 * Suppressions do not count. A cap names {@link Purpose#MARKETING} unless told otherwise: service
 * and transactional messages are exempt unless a cap names them.
 *
 * @param limit the most messages in the period, at least 1
 * @param rollingWindow the rolling window's length; empty for the customer's calendar day
 * @param purposes the purposes counted together, not empty
 * @param channel the channel counted, empty for every channel together
 */
public record FrequencyCap(int limit, Optional<Duration> rollingWindow, Set<Purpose> purposes,
    Optional<ChannelId> channel) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if the limit is below 1, the window is not positive or over
   *     366 days, a field is null or the purposes are empty
   */
  public FrequencyCap {
    if (limit < 1) {
      throw new IllegalArgumentException("frequency cap limit must be >= 1, was: " + limit);
    }
    Checks.notNull(rollingWindow, "rollingWindow");
    rollingWindow.ifPresent(w -> {
      if (w.isZero() || w.isNegative() || w.compareTo(Duration.ofDays(366)) > 0) {
        throw new IllegalArgumentException("rollingWindow must be positive and at most 366 days, was: " + w);
      }
    });
    Checks.notNull(purposes, "purposes");
    if (purposes.isEmpty()) {
      throw new IllegalArgumentException("a frequency cap must name at least one purpose");
    }
    purposes = Set.copyOf(EnumSet.copyOf(purposes));
    Checks.notNull(channel, "channel");
  }

  /**
   * @param limit the most marketing messages per calendar day in the customer's time zone
   * @return the cap, over every channel
   */
  public static FrequencyCap perDay(int limit) {
    return new FrequencyCap(limit, Optional.empty(), Set.of(Purpose.MARKETING), Optional.empty());
  }

  /**
   * @param limit the most marketing messages in any window of this length
   * @param window the window
   * @return the cap, over every channel
   */
  public static FrequencyCap rolling(int limit, Duration window) {
    return new FrequencyCap(limit, Optional.of(Checks.notNull(window, "window")), Set.of(Purpose.MARKETING),
        Optional.empty());
  }

  /**
   * @param channel the one channel to count
   * @return this cap on that channel alone
   */
  public FrequencyCap on(ChannelId channel) {
    return new FrequencyCap(limit, rollingWindow, purposes, Optional.of(Checks.notNull(channel, "channel")));
  }

  /**
   * @param first a purpose
   * @param more more purposes
   * @return this cap for these purposes instead
   */
  public FrequencyCap forPurposes(Purpose first, Purpose... more) {
    return new FrequencyCap(limit, rollingWindow, EnumSet.of(Checks.notNull(first, "purpose"), more), channel);
  }

  @Override
  public String toString() {
    return limit + " " + purposes + " per " + rollingWindow.map(Duration::toString).orElse("calendar day")
        + channel.map(c -> " on " + c).orElse(" over every channel");
  }
}
