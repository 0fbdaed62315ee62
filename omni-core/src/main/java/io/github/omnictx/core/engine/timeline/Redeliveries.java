package io.github.omnictx.core.engine.timeline;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.timeline.Touchpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one call that records inbound touchpoints learnt about earlier deliveries, kept across the
 * attempts of its unit of work. The inbound path does not look for an earlier delivery before it
 * writes: the unique key on (channel, provider id) answers that when the touchpoint is appended,
 * for the price of no statement. When the append finds the touchpoint recorded before, what this
 * attempt already wrote for it (a customer, a conversation change) must not stay, so the attempt
 * is rolled back ({@link #rollBack}) and the next one answers that touchpoint as a duplicate
 * without writing anything, and looks for every other touchpoint of the call before writing it
 * (a redelivery seldom comes alone). Not API: may change in any release. Not thread-safe: one per
 * call.
 */
public final class Redeliveries {
  private final Map<String, Touchpoint> seen = new HashMap<>();

  /** The attempt rolled back because a touchpoint it appended was recorded before. */
  private static final class RecordedBefore extends ConcurrentUpdateException {
    private static final long serialVersionUID = 1L;

    RecordedBefore(Touchpoint t) {
      super("touchpoint " + t.channel() + "/" + t.externalId().orElse("") + " was recorded before;"
          + " the unit of work is rolled back and answers it as a duplicate");
    }
  }

  private static String key(ChannelId channel, String externalId) {
    return channel.value() + '\u0000' + externalId;
  }

  /** @return whether an earlier attempt met a touchpoint recorded before: look before writing */
  public boolean checking() {
    return !seen.isEmpty();
  }

  /**
   * @param channel the channel
   * @param externalId the provider id
   * @return the touchpoint an earlier attempt found recorded under it
   */
  public Optional<Touchpoint> known(ChannelId channel, String externalId) {
    return Optional.ofNullable(seen.get(key(channel, externalId)));
  }

  /**
   * Remembers the touchpoint the append found and returns the lost race that rolls the attempt
   * back, for the caller to throw; the unit of work runs again.
   *
   * @param holder the touchpoint recorded before
   * @return the exception to throw
   */
  public ConcurrentUpdateException rollBack(Touchpoint holder) {
    holder.externalId().ifPresent(x -> seen.put(key(holder.channel(), x), holder));
    return new RecordedBefore(holder);
  }
}
