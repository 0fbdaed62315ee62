package io.github.omnictx.core.outbound;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.internal.Checks;

/**
 * Why a channel was passed over in a decision.
 *
 * @param channel the channel
 * @param reason the check it failed
 * @param detail what the check found, e.g. {@code "consent REVOKED for MARKETING"}
 */
public record ChannelVerdict(ChannelId channel, SuppressionReason reason, String detail) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is null or the detail blank
   */
  public ChannelVerdict {
    Checks.notNull(channel, "channel");
    Checks.notNull(reason, "reason");
    Checks.notBlank(detail, "detail");
  }

  @Override
  public String toString() {
    return channel + ": " + reason + " (" + detail + ")";
  }
}
