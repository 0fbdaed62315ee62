package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.internal.Checks;
import java.time.Instant;

/**
 * The one-time token of a verified webhook whose signature does not cover its content (Mailgun
 * signs only {@code timestamp} and {@code token}), with a digest of the content it came with.
 *
 * <p>The pipeline remembers every token with its digest in the store, durably and shared by every
 * node, until {@code expiresAt}: a request that repeats a remembered token with the same digest is
 * a redelivery and is handled as usual (its events are duplicates); the same token with another
 * digest is a captured signature replayed over a forged body, and is refused with 403.
 *
 * @param token the provider's token, 1-256 characters without control characters
 * @param contentDigest a digest of what the request says, stable across the provider's own
 *     redeliveries of it (64 lower-case hex characters, e.g. SHA-256 of a canonical form)
 * @param expiresAt when the signature stops being accepted (the end of the replay window): after
 *     it the adapter refuses the request by its timestamp, so the token need not be remembered
 */
public record ReplayToken(String token, String contentDigest, Instant expiresAt) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is null, the token blank, too long or with control
   *     characters, or the digest not 64 lower-case hex characters
   */
  public ReplayToken {
    Checks.maxLength(Checks.notBlank(token, "token"), 256, "token");
    if (token.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("token must not contain control characters");
    }
    Checks.notNull(contentDigest, "contentDigest");
    if (!contentDigest.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("contentDigest must be 64 lower-case hex characters, was: "
          + Checks.quote(contentDigest));
    }
    expiresAt = Checks.micros(expiresAt, "expiresAt");
  }
}
