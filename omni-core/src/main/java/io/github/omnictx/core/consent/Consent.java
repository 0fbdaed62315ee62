package io.github.omnictx.core.consent;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;

/**
 * A customer's consent answer for one channel and purpose, with where and when it was given.
 *
 * @param channel the channel
 * @param purpose the purpose
 * @param status the answer
 * @param source where it was given, e.g. {@code "web-signup"} or {@code "store:berlin-01"}
 * @param at when it was given, at microsecond precision
 */
public record Consent(ChannelId channel, Purpose purpose, ConsentStatus status, String source, Instant at) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is null or the source is blank or over 128 chars
   */
  public Consent {
    Checks.notNull(channel, "channel");
    Checks.notNull(purpose, "purpose");
    Checks.notNull(status, "status");
    Checks.maxLength(Checks.notBlank(source, "source"), 128, "source");
    at = Checks.micros(at, "at");
  }
}
