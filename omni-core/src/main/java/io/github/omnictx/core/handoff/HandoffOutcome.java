package io.github.omnictx.core.handoff;

import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.Touchpoint;
import java.util.List;

/**
 * How a handoff ended (accepted, declined or expired) and what the conversation's owner now
 * receives: the context packet and every inbound touchpoint that arrived while the offer was
 * pending, none lost.
 *
 * @param handoff the handoff as committed
 * @param conversation the conversation as committed; its owner is who receives all this
 * @param context the context packet, built when the handoff ended
 * @param held the inbound touchpoints recorded in the conversation while the offer was pending,
 *     oldest first
 */
public record HandoffOutcome(Handoff handoff, Conversation conversation, HandoffContext context,
    List<Touchpoint> held) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null
   */
  public HandoffOutcome {
    Checks.notNull(handoff, "handoff");
    Checks.notNull(conversation, "conversation");
    Checks.notNull(context, "context");
    held = List.copyOf(Checks.notNull(held, "held"));
  }
}
