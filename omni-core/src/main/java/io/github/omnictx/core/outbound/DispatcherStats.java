package io.github.omnictx.core.outbound;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.internal.Checks;
import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of a dispatcher's queue and counters: the outbox as the store holds it now (in the
 * dispatcher's tenants), and what this dispatcher did since it was created.
 *
 * @param due rows due now (in flight ones included)
 * @param scheduled rows due later: deferrals, retries waiting for their backoff, timers
 * @param oldestDueAge how long the oldest due row has been due, by Omni's clock; zero when none is due
 * @param perChannel sends, failures and retries of this dispatcher by channel
 */
public record DispatcherStats(long due, long scheduled, Duration oldestDueAge, Map<ChannelId, ChannelCounts> perChannel) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null
   */
  public DispatcherStats {
    Checks.notNull(oldestDueAge, "oldestDueAge");
    perChannel = Map.copyOf(Checks.notNull(perChannel, "perChannel"));
  }

  /**
   * The counters of one channel.
   *
   * @param sent steps the provider accepted
   * @param failed steps that failed for good
   * @param retried failed attempts that wait for another one
   */
  public record ChannelCounts(long sent, long failed, long retried) {}
}
