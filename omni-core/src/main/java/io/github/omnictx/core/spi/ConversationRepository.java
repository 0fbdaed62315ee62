package io.github.omnictx.core.spi;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationStatus;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.CustomerId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Conversations of one tenant, with optimistic locking on their version. */
public interface ConversationRepository {

  /**
   * Finds a conversation by id.
   *
   * @param id the id
   * @return the conversation, if it exists in this tenant
   */
  Optional<Conversation> find(ConversationId id);

  /**
   * Lists the conversations of some customers, most recently opened first.
   *
   * @param customers the customers (a survivor and everyone merged into it)
   * @return their conversations
   */
  List<Conversation> findByCustomers(Collection<CustomerId> customers);

  /**
   * Inserts a new conversation.
   *
   * @param conversation the conversation, at version 0
   * @throws ConcurrentUpdateException if the id exists
   */
  void insert(Conversation conversation);

  /**
   * Replaces a conversation if it is still at the expected version.
   *
   * @param conversation the new state, at version {@code expectedVersion + 1}
   * @param expectedVersion the version the caller read
   * @throws ConcurrentUpdateException if the stored version differs or it does not exist
   */
  void update(Conversation conversation, long expectedVersion);

  /**
   * Lists conversations waiting in a queue to be routed: those whose {@link Conversation#queuedAt()}
   * is present and whose status is {@link ConversationStatus#OPEN}, oldest {@code queuedAt} first,
   * ties by id ascending, at most {@code limit}. (A queue owns a conversation exactly when
   * {@code queuedAt} is present.)
   *
   * @param limit the most to return, at least 1
   * @return the queued conversations
   */
  List<Conversation> findQueued(int limit);

  /**
   * Lists the active conversations a participant owns: those whose owner equals {@code owner}
   * (kind and id) and whose status is {@link ConversationStatus#OPEN}, {@link
   * ConversationStatus#PENDING} or {@link ConversationStatus#SNOOZED}, by {@code openedAt} then id
   * ascending. Routing derives an agent's load from this.
   *
   * @param owner the owner
   * @return the conversations
   */
  List<Conversation> findActiveByOwner(Participant owner);

  /**
   * Lists active conversations (open, pending or snoozed) with an SLA breach due and not yet
   * raised: {@code firstResponseDueAt <= now} with no {@code firstResponseAt} and {@code
   * firstResponseBreached} false, or {@code resolutionDueAt <= now} with {@code resolutionBreached}
   * false. Ordered by the earlier of the due times that match, then id ascending; at most {@code
   * limit}.
   *
   * @param now the time to compare with (inclusive)
   * @param limit the most to return, at least 1
   * @return the conversations
   */
  List<Conversation> findSlaDue(Instant now, int limit);

  /**
   * Lists snoozed conversations whose {@code snoozedUntil <= now}, by {@code snoozedUntil} then id
   * ascending, at most {@code limit}.
   *
   * @param now the time to compare with (inclusive)
   * @param limit the most to return, at least 1
   * @return the conversations
   */
  List<Conversation> findSnoozeDue(Instant now, int limit);
}
