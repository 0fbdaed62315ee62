package io.github.omnictx.core.spi;

import io.github.omnictx.core.webhook.PollPosition;
import java.time.Instant;
import java.util.Optional;

/**
 * Where each polling source of an inbound adapter (an IMAP folder) has been read up to, so that a
 * poller that restarts, on this node or another, reads nothing twice and skips nothing. Keyed by
 * (tenant, adapter id, source); durable and shared by every node that uses the store.
 *
 * <p>Obtained from a {@link StoreTransaction} and valid only inside its unit of work; not
 * thread-safe.
 */
public interface PollCursorRepository {
  /** The longest source name a store keeps. */
  int MAX_SOURCE_LENGTH = 256;

  /**
   * The position remembered for a source.
   *
   * @param adapter the adapter id
   * @param source the source, 1 to {@link #MAX_SOURCE_LENGTH} characters, e.g. {@code imap://shop@mail.example.com/INBOX}
   * @return the position, empty if none was remembered
   */
  Optional<PollPosition> find(String adapter, String source);

  /**
   * Remembers a position for a source, replacing the one remembered before (a poller moves
   * forward within one validity, and starts again under a new one).
   *
   * @param adapter the adapter id
   * @param source the source
   * @param position the position
   * @param now the current time, kept as when it was remembered
   * @throws io.github.omnictx.core.ConcurrentUpdateException if another unit of work remembered the
   *     first position of the same source at the same time (running this one again then replaces it)
   */
  void save(String adapter, String source, PollPosition position, Instant now);
}
