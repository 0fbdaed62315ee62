package io.github.omnictx.core.engine;

import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.spi.StoreTransaction;
import java.time.Instant;

/**
 * Reading and writing one conversation row inside a unit of work, the way routing, handoffs and
 * the conversation service all do it. Not API: may change in any release.
 */
public final class ConversationRows {
  private ConversationRows() {}

  /**
   * @param tx the unit of work
   * @param id the conversation
   * @return the conversation
   * @throws NotFoundException if it does not exist
   */
  public static Conversation load(StoreTransaction tx, ConversationId id) {
    return tx.conversations().find(id).orElseThrow(() -> new NotFoundException("conversation", id.toString()));
  }

  /**
   * Writes a changed conversation at the next version, never moving {@code updatedAt} back.
   *
   * @param tx the unit of work
   * @param current the conversation as read
   * @param change its builder with the change applied
   * @param now the time of the change
   * @return the conversation as written
   * @throws io.github.omnictx.core.ConcurrentUpdateException if it changed since it was read
   */
  public static Conversation save(StoreTransaction tx, Conversation current, Conversation.Builder change,
      Instant now) {
    Instant at = now.isBefore(current.updatedAt()) ? current.updatedAt() : now;
    Conversation next = change.updatedAt(at).version(current.version() + 1).build();
    tx.conversations().update(next, current.version());
    return next;
  }

  /**
   * Writes the conversation at its next version with nothing else changed (not even {@code
   * updatedAt}), so that the unit of work conflicts with any other that wrote it since it was read.
   *
   * @param tx the unit of work
   * @param c the conversation as read
   * @return the conversation as written
   * @throws io.github.omnictx.core.ConcurrentUpdateException if it changed since it was read
   */
  public static Conversation guard(StoreTransaction tx, Conversation c) {
    Conversation next = c.toBuilder().version(c.version() + 1).build();
    tx.conversations().update(next, c.version());
    return next;
  }
}
