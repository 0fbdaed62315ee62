package io.github.omnictx.core.spi;

import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * What a customer did on one channel, as {@link TouchpointRepository#activity} aggregates it.
 *
 * @param replies inbound {@code message} touchpoints since the count start
 * @param reads outbound touchpoints at status {@code READ} since the count start
 * @param lastInbound the latest inbound {@code message} since the scan start, if any
 * @param lastPurchase the latest {@code purchase} touchpoint since the scan start, if any
 */
public record ChannelActivity(long replies, long reads, Optional<Instant> lastInbound, Optional<Instant> lastPurchase) {
  /** Nothing at all. */
  public static final ChannelActivity NONE = new ChannelActivity(0, 0, Optional.empty(), Optional.empty());

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a count is negative or a field null
   */
  public ChannelActivity {
    if (replies < 0 || reads < 0) {
      throw new IllegalArgumentException("counts must be >= 0, were: " + replies + ", " + reads);
    }
    Checks.notNull(lastInbound, "lastInbound");
    Checks.notNull(lastPurchase, "lastPurchase");
  }

  /** @return replies plus reads: how much the customer answers on the channel */
  public long answers() {
    return replies + reads;
  }
}
