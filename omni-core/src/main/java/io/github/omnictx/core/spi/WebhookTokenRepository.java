package io.github.omnictx.core.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * The one-time tokens of verified webhooks whose signature does not cover the body (see {@link
 * io.github.omnictx.core.channel.spi.ReplayToken}), each with the digest of the content it came
 * with, kept until it expires. Durable and shared by every node that uses the store: that is what
 * lets several application nodes, and one node after a restart, refuse a captured signature
 * replayed over another body.
 *
 * <p>Tokens are keyed by (tenant, adapter id, token). Obtained from a {@link StoreTransaction} and
 * valid only inside its unit of work; not thread-safe.
 */
public interface WebhookTokenRepository {

  /**
   * Remembers a token with its content digest unless a token with that key that has not expired
   * ({@code expiresAt > now}) is stored; a stored token that has expired is replaced. The store may
   * also drop other expired tokens here.
   *
   * @param adapter the adapter id the webhook was addressed to
   * @param token the token
   * @param contentDigest the digest of the request's content
   * @param expiresAt when the token may be forgotten
   * @param now the current time
   * @return empty if the token was new (now remembered); otherwise the digest it was first
   *     remembered with
   * @throws io.github.omnictx.core.ConcurrentUpdateException if another unit of work remembered the
   *     same token at the same time (running this one again then finds it)
   */
  Optional<String> remember(String adapter, String token, String contentDigest, Instant expiresAt, Instant now);
}
