package io.github.omnictx.core.conversation;

import io.github.omnictx.core.OmniException;

/**
 * A participant acted on a conversation it does not own: a bot answering after a person took over,
 * an agent releasing a conversation someone else holds. Nothing was changed.
 */
public class NotOwnerException extends OmniException {
  private static final long serialVersionUID = 1L;

  private final String conversationId;
  private final String owner;
  private final String actor;

  /**
   * Creates the exception.
   *
   * @param conversationId the conversation
   * @param owner its owner, as {@code kind:id}
   * @param actor who tried to act, as {@code kind:id}
   */
  public NotOwnerException(String conversationId, String owner, String actor) {
    super("conversation " + conversationId + " is owned by " + owner + ", not by " + actor);
    this.conversationId = conversationId;
    this.owner = owner;
    this.actor = actor;
  }

  /** @return the conversation's id */
  public String conversationId() {
    return conversationId;
  }

  /** @return the owner as {@code kind:id} */
  public String owner() {
    return owner;
  }

  /** @return who tried to act, as {@code kind:id} */
  public String actor() {
    return actor;
  }
}
