package io.github.omnictx.core.spi;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffId;
import io.github.omnictx.core.handoff.HandoffStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Handoffs of one tenant, with optimistic locking on their version. The accept race rests on
 * {@link #update}: it is a compare-and-set on the version, so of several units of work that read
 * an {@link HandoffStatus#OFFERED} handoff at version {@code v} and try to write version {@code
 * v + 1}, exactly one succeeds (on SQL: {@code UPDATE … WHERE id = ? AND version = ?} and a check
 * that one row changed) and the others get {@link ConcurrentUpdateException}.
 *
 * <p>Every field of {@link Handoff} must round-trip exactly ({@code details} is a JSON object;
 * instants are at microsecond precision; {@code held} keeps its order).
 *
 * <p>Obtained from a {@link StoreTransaction} and valid only inside its unit of work; not
 * thread-safe.
 */
public interface HandoffRepository {

  /**
   * Finds a handoff by id.
   *
   * @param id the id
   * @return the handoff, if it exists in this tenant
   */
  Optional<Handoff> find(HandoffId id);

  /**
   * Lists the handoffs of a conversation, most recently offered first ({@code offeredAt}
   * descending, then id descending).
   *
   * @param conversation the conversation
   * @return its handoffs
   */
  List<Handoff> findByConversation(ConversationId conversation);

  /**
   * Lists offers that are due to expire: status {@link HandoffStatus#OFFERED} and {@code expiresAt
   * <= now}, by {@code expiresAt} then id ascending, at most {@code limit}.
   *
   * @param now the time to compare with (inclusive)
   * @param limit the most to return, at least 1
   * @return the due offers
   */
  List<Handoff> findExpiring(Instant now, int limit);

  /**
   * Inserts a new handoff.
   *
   * @param handoff the handoff, at version 0
   * @throws ConcurrentUpdateException if the id exists
   */
  void insert(Handoff handoff);

  /**
   * Replaces a handoff if it is still at the expected version (compare-and-set).
   *
   * @param handoff the new state, at version {@code expectedVersion + 1}
   * @param expectedVersion the version the caller read
   * @throws ConcurrentUpdateException if the stored version differs or it does not exist; nothing
   *     is written then
   */
  void update(Handoff handoff, long expectedVersion);
}
