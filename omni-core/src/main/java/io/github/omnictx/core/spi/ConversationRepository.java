package io.github.omnictx.core.spi;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.customer.CustomerId;
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
}
