package io.github.omnictx.core.privacy;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Duration;

/**
 * How long the bodies (payloads: message text, attachments, the provider's object) of one channel's
 * touchpoints of one type are kept; {@link Privacy#purgeExpired()} removes older ones and keeps the
 * touchpoint itself (channel, type, times) for metrics. Immutable.
 *
 * @param channel the channel
 * @param type the touchpoint type
 * @param keep how long a body is kept after the touchpoint occurred, at least one hour
 */
public record RetentionRule(ChannelId channel, TouchpointType type, Duration keep) {
  /** @throws IllegalArgumentException if a value is missing or the period is under an hour */
  public RetentionRule {
    Checks.notNull(channel, "channel");
    Checks.notNull(type, "type");
    Checks.notNull(keep, "keep");
    if (keep.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("keep must be at least one hour, was: " + keep);
    }
  }
}
