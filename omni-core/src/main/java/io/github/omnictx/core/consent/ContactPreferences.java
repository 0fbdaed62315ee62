package io.github.omnictx.core.consent;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.internal.Checks;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * How a customer likes to be contacted: preferred channels (first is best), quiet hours and the
 * time zone those hours are in.
 *
 * @param preferredChannels channels in order of preference, no duplicates
 * @param quietHours when not to contact, if set
 * @param zone the customer's time zone
 */
public record ContactPreferences(List<ChannelId> preferredChannels, Optional<QuietHours> quietHours, ZoneId zone) {

  /** No preferences, UTC. */
  public static final ContactPreferences NONE = new ContactPreferences(List.of(), Optional.empty(), ZoneId.of("UTC"));

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null or a channel repeats
   */
  public ContactPreferences {
    preferredChannels = List.copyOf(Checks.notNull(preferredChannels, "preferredChannels"));
    if (preferredChannels.stream().distinct().count() != preferredChannels.size()) {
      throw new IllegalArgumentException("preferredChannels must not repeat a channel, was: " + preferredChannels);
    }
    Checks.notNull(quietHours, "quietHours");
    Checks.notNull(zone, "zone");
  }
}
