package io.github.omnictx.core.conversation.service;

import io.github.omnictx.core.conversation.service.Conversations;
import io.github.omnictx.core.conversation.service.Inbound;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.RecordResult;
import java.util.Optional;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.Participant;

/**
 * What {@link Conversations#receive(Inbound)} did with an inbound touchpoint, and who must see it
 * now.
 *
 * @param conversation the conversation it is in, as committed
 * @param touchpoint the recorded touchpoint ({@code duplicate} when the delivery was seen before:
 *     then nothing changed)
 * @param recipient who receives it now: the owner (bot, queue or agent); empty while a handoff is
 *     pending, when it is held for whoever ends up owning the conversation. Once an agent owns the
 *     conversation this is that agent, never a bot.
 * @param opened whether a new conversation was opened for it
 * @param reopened whether a resolved conversation was reopened for it
 * @param joinedChannel whether its channel joined the conversation for the first time
 */
public record Received(Conversation conversation, RecordResult touchpoint, Optional<Participant> recipient,
    boolean opened, boolean reopened, boolean joinedChannel) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is null
   */
  public Received {
    Checks.notNull(conversation, "conversation");
    Checks.notNull(touchpoint, "touchpoint");
    Checks.notNull(recipient, "recipient");
  }

  /** @return whether the touchpoint is held because a handoff is pending */
  public boolean held() {
    return recipient.isEmpty();
  }

  /** @return whether the delivery was a duplicate that changed nothing */
  public boolean duplicate() {
    return touchpoint.duplicate();
  }
}
