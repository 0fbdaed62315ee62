package io.github.omnictx.core.handoff;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.InvalidTransitionException;
import io.github.omnictx.core.conversation.NotOwnerException;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.routing.AgentUnavailableException;
import io.github.omnictx.core.timeline.Touchpoint;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's handoffs: control of a conversation passes from its owner to an agent or a queue by an
 * offer that exactly one agent can accept. While an offer is pending nobody receives the
 * conversation's inbound messages; they are held and given to whoever ends up owning it. Obtained
 * from {@code omni.tenant(t).handoffs()}. Thread-safe.
 *
 * <p>Offers expire by the configured clock: the application's scheduler calls {@link #expireDue()},
 * and any operation that touches an expired offer expires it first.
 *
 * <p>A write that loses a race to a concurrent one (a {@code ConcurrentUpdateException} from the
 * store) is rolled back and run again from the start, as the {@code RetryPolicy} set on {@code
 * Omni.builder().retryPolicy(...)} allows; only when every attempt lost does the exception reach
 * the caller, with nothing changed.
 */
public interface Handoffs {

  /**
   * Offers a conversation to an agent or a queue. The conversation keeps its owner but is marked
   * handoff-pending: its inbound messages are held.
   *
   * @param conversation the conversation
   * @param request target, reason, collected values, notes, timeout, fallback
   * @return the offered handoff
   * @throws NotFoundException if the conversation, or the target agent, does not exist
   * @throws InvalidTransitionException if the conversation is not active or a handoff is pending
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Handoff offer(ConversationId conversation, HandoffRequest request);

  /**
   * Accepts an offer, compare-and-set: of several agents accepting at once exactly one wins; the
   * winner owns the conversation and gets the context and the held messages.
   *
   * @param handoff the handoff
   * @param agentId the accepting agent (the target agent, or any agent for a queue offer)
   * @return the outcome
   * @throws NotFoundException if the handoff or the agent does not exist
   * @throws HandoffConflictException if another agent accepted it first (also when it was accepted
   *     and released since); that is the answer, never retried
   * @throws HandoffExpiredException if it expired (it is expired now if it was only due)
   * @throws InvalidTransitionException if it was declined
   * @throws InvalidInputException if it was offered to another agent
   * @throws AgentUnavailableException if the agent has no free capacity for the channel kind
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  HandoffOutcome accept(HandoffId handoff, AgentId agentId);

  /**
   * Declines an offer: the conversation goes to the fallback owner with the held messages (a queue
   * fallback is routed at once).
   *
   * @param handoff the handoff
   * @param agentId the declining agent
   * @return the outcome
   * @throws NotFoundException if the handoff or the agent does not exist
   * @throws HandoffConflictException if it was accepted
   * @throws HandoffExpiredException if it expired (it is expired now if it was only due)
   * @throws InvalidTransitionException if it was declined already
   * @throws InvalidInputException if it was offered to another agent
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  HandoffOutcome decline(HandoffId handoff, AgentId agentId);

  /**
   * Expires every offer whose time has passed: each conversation goes to its fallback owner with
   * its held messages. For the application's scheduler. Each offer expires in a unit of work of
   * its own, run again when it loses a race as the retry policy allows: one that still cannot be
   * expired (it is logged) does not hold up the others and is tried again on the next call; only
   * when every due offer fails is the first failure thrown.
   *
   * @return the outcomes, in expiry order
   */
  List<HandoffOutcome> expireDue();

  /**
   * The agent who owns a conversation gives control back to a bot or a queue (a queue is routed at
   * once); their accepted handoff becomes released. Routing a released conversation passes over
   * the releasing agent, also under a sticky router: it goes to another agent with room if there
   * is one. Only when no one else can take it does it go back to the releasing agent, since work
   * never waits in a queue while an available agent has room for it (to keep it from them, set
   * their presence away first).
   *
   * @param conversation the conversation
   * @param agentId the agent releasing it
   * @param to a bot or a queue
   * @return the conversation as committed
   * @throws NotFoundException if the conversation does not exist
   * @throws NotOwnerException if the agent does not own it
   * @throws InvalidInputException if {@code to} is an agent (offer it instead)
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Conversation release(ConversationId conversation, AgentId agentId, Participant to);

  /**
   * A channel handoff: the conversation continues on another channel (chat to call-back, chat to
   * e-mail). Recorded as a {@code handoff} touchpoint in the conversation; the channel joins it and
   * becomes its last channel.
   *
   * @param conversation the conversation
   * @param to the channel to continue on
   * @param reason why, 1-512 characters
   * @return the recorded touchpoint
   * @throws NotFoundException if the conversation does not exist
   * @throws InvalidInputException if the channel is not registered or the reason is blank
   * @throws InvalidTransitionException if the conversation is closed
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Touchpoint switchChannel(ConversationId conversation, ChannelId to, String reason);

  /**
   * @param handoff the handoff
   * @return the handoff, if it exists
   */
  Optional<Handoff> find(HandoffId handoff);

  /**
   * @param handoff the handoff
   * @return the handoff
   * @throws NotFoundException if it does not exist
   */
  Handoff get(HandoffId handoff);

  /**
   * @param conversation the conversation
   * @return its handoffs, most recently offered first
   */
  List<Handoff> ofConversation(ConversationId conversation);

  /**
   * Builds the context packet for a handoff now (e.g. to show an offer before accepting it).
   *
   * @param handoff the handoff
   * @return the packet
   * @throws NotFoundException if it does not exist
   */
  HandoffContext context(HandoffId handoff);
}
