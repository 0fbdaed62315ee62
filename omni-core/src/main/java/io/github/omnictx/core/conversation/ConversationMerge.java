package io.github.omnictx.core.conversation;

import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.internal.Checks;

/**
 * How a conversation was folded into another when its customer was merged: the conversation it
 * joined, the merge that did it and the status it had, so that reversing the merge restores it.
 * A folded conversation is {@link ConversationStatus#CLOSED}; its touchpoints read as part of the
 * conversation it joined. Immutable and thread-safe.
 *
 * @param into the conversation it joined
 * @param merge the customer merge that folded it
 * @param statusBefore its status before, restored by unmerge
 */
public record ConversationMerge(ConversationId into, MergeId merge, ConversationStatus statusBefore) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is null or {@code statusBefore} is not active
   */
  public ConversationMerge {
    Checks.notNull(into, "into");
    Checks.notNull(merge, "merge");
    Checks.notNull(statusBefore, "statusBefore");
    if (!statusBefore.isActive()) {
      throw new IllegalArgumentException("statusBefore must be an active status, was: " + statusBefore);
    }
  }
}
