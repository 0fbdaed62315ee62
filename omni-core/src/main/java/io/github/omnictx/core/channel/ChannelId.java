package io.github.omnictx.core.channel;

import io.github.omnictx.core.internal.Checks;
import java.util.regex.Pattern;

/**
 * The id of a channel, such as {@code whatsapp} or {@code web-chat}.
 *
 * @param value 1 to 32 characters of {@code a-z0-9-}, starting with a letter
 */
public record ChannelId(String value) implements Comparable<ChannelId> {
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /**
   * Validates the value.
   *
   * @throws IllegalArgumentException if the value is not a channel id
   */
  public ChannelId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "channel must be 1-32 characters of a-z0-9- starting with a letter, was: " + Checks.quote(value));
    }
  }

  /**
   * Returns the channel id for a value.
   *
   * @param value the id text
   * @return the channel id
   * @throws IllegalArgumentException if the value is not a channel id
   */
  public static ChannelId of(String value) {
    return new ChannelId(value);
  }

  @Override
  public int compareTo(ChannelId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
