package io.github.omnictx.core.conversation.service;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Classification;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationPolicy;
import io.github.omnictx.core.conversation.InvalidTransitionException;
import io.github.omnictx.core.conversation.NotOwnerException;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.event.SlaBreached;
import io.github.omnictx.core.outbound.DedupKeyConflictException;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.routing.AgentUnavailableException;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.RecordResult;
import io.github.omnictx.core.timeline.Touchpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's conversations: inbound touchpoints join the customer's conversation whatever channel
 * they arrive on, the lifecycle (open, pending, snoozed, resolved, closed) is validated, and queued
 * conversations are routed to agents with free capacity. Obtained from {@code
 * omni.tenant(t).conversations()}; behaviour is set by the tenant's {@link ConversationPolicy} and
 * the configured {@code Router}.
 *
 * <p>Every change runs in one unit of work with its events, and every change that frees capacity or
 * queues a conversation routes waiting conversations in that same unit of work: a conversation never
 * waits while an eligible agent has free capacity. Time comes from the configured clock, so {@link
 * #wakeSnoozed()} and {@link #checkSla()} are for the application's scheduler to call.
 * Thread-safe.
 *
 * <p>A write that loses a race to a concurrent one (a {@code ConcurrentUpdateException} from the
 * store) is rolled back and run again from the start, as the {@code RetryPolicy} set on {@code
 * Omni.builder().retryPolicy(...)} allows; only when every attempt lost does the exception reach
 * the caller, with nothing changed.
 */
public interface Conversations {

  /**
   * Places an inbound touchpoint in a conversation, as {@link #receive(Inbound)} with nothing else
   * known.
   *
   * @param touchpoint the inbound touchpoint (no conversation set)
   * @return what happened and who receives it now
   * @throws InvalidInputException if the touchpoint names a conversation or an unregistered channel
   * @throws NotFoundException if the customer does not exist
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Received receive(NewTouchpoint touchpoint);

  /**
   * Places an inbound touchpoint in the customer's conversation, in one unit of work: finds the
   * active conversation of the customer (or of anyone merged with them) on any channel, under the
   * policy (with {@code onePerTopic}, only one with the same topic), else reopens the latest one
   * resolved within the reopen window, else opens a new one owned by the policy's initial owner;
   * records the touchpoint in it, adds its channel, updates the last inbound time, wakes a pending or
   * snoozed conversation, and routes a queued one. A duplicate delivery (same channel and external
   * id) changes nothing and reports the conversation it was recorded in.
   *
   * <p>Concurrent first messages of one customer open one conversation, on every store: opening a
   * conversation also moves the (live) customer to its next version, so racing openers conflict on
   * the customer and the losers, retried, join the winner's conversation. A caller holding the
   * customer at the older version then gets a {@link io.github.omnictx.core.ConcurrentUpdateException}
   * from {@code customers().update} and re-reads, as after any other change.
   *
   * @param inbound the touchpoint and what is known about its subject
   * @return the conversation and who receives the touchpoint now (empty while a handoff is pending)
   * @throws InvalidInputException if the channel is not registered
   * @throws NotFoundException if the customer does not exist
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Received receive(Inbound inbound);

  /**
   * @param id the conversation
   * @return the conversation, if it exists
   */
  Optional<Conversation> find(ConversationId id);

  /**
   * @param id the conversation
   * @return the conversation
   * @throws NotFoundException if it does not exist
   */
  Conversation get(ConversationId id);

  /**
   * The conversations of a customer and everyone merged with them, most recently opened first.
   *
   * @param customer the customer, live or merged
   * @return the conversations
   * @throws NotFoundException if the customer does not exist
   */
  List<Conversation> ofCustomer(CustomerId customer);

  /**
   * Marks a conversation as waiting for the customer.
   *
   * @param id the conversation
   * @return the new state
   * @throws NotFoundException if it does not exist
   * @throws InvalidTransitionException if its status does not allow it
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Conversation waitForCustomer(ConversationId id);

  /**
   * Puts a conversation aside until a time; {@link #wakeSnoozed()} (or the customer writing) opens
   * it again.
   *
   * @param id the conversation
   * @param until when to wake it, after now
   * @return the new state
   * @throws InvalidInputException if {@code until} is not after now
   * @throws NotFoundException if it does not exist
   * @throws InvalidTransitionException if its status does not allow it
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Conversation snooze(ConversationId id, Instant until);

  /**
   * Resolves a conversation; its owner keeps it on record (for stickiness) but it no longer counts
   * against the owner's capacity, so waiting conversations are routed. Raises the resolution SLA
   * breach if it is late and was not raised yet.
   *
   * @param id the conversation
   * @return the new state
   * @throws NotFoundException if it does not exist
   * @throws InvalidTransitionException if it is resolved or closed
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Conversation resolve(ConversationId id);

  /**
   * Closes a conversation for good.
   *
   * @param id the conversation
   * @return the new state
   * @throws NotFoundException if it does not exist
   * @throws InvalidTransitionException if it is closed
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Conversation close(ConversationId id);

  /**
   * Reopens a resolved conversation (a conversation an agent owned goes back to the default queue
   * and is routed, preferring that agent with a sticky router).
   *
   * @param id the conversation
   * @return the new state
   * @throws NotFoundException if it does not exist
   * @throws InvalidTransitionException if it is not resolved
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Conversation reopen(ConversationId id);

  /**
   * Records an outbound message in a conversation on behalf of its owner; the first one sets the
   * first-response time (raising the first-response breach if late).
   *
   * @param id the conversation
   * @param author who answers: must be the owner (a bot that lost the conversation to a person
   *     cannot answer)
   * @param touchpoint the message (its customer is taken from the conversation; direction is set
   *     to outbound)
   * @return the recorded touchpoint
   * @throws NotFoundException if the conversation does not exist
   * @throws NotOwnerException if the author does not own the conversation
   * @throws InvalidTransitionException if the conversation is closed
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  RecordResult reply(ConversationId id, Participant author, NewTouchpoint touchpoint);

  /**
   * Answers in a conversation on behalf of its owner, and sends the answer: as {@link #reply}, but
   * through outbound ({@code tenant.outbound()}): a {@code SERVICE} intent on the conversation's
   * current channel ({@link Conversation#lastChannel()}), without fallback, decided by the same rules
   * (consent for service, the address, the service window; service messages keep no quiet hours by
   * default) and recorded in one unit of work with the decision, the outbound touchpoint in the
   * conversation (status {@code QUEUED}) and the outbox row, which the dispatcher sends. A queued
   * reply sets the first-response time; a suppressed one (the WhatsApp window closed, service
   * consent withdrawn) records only the decision. A repeated dedup key returns the first decision.
   *
   * @param id the conversation
   * @param author who answers: must be the owner
   * @param text the answer
   * @param dedupKey the application's key for this answer (e.g. the agent UI's message id)
   * @return the decision
   * @throws NotFoundException if the conversation does not exist
   * @throws NotOwnerException if the author does not own the conversation
   * @throws InvalidTransitionException if the conversation is closed
   * @throws InvalidInputException if the text is blank or too long for the channel, or the dedup key malformed
   * @throws DedupKeyConflictException if the dedup key belongs to another message
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  OutboundDecision sendReply(ConversationId id, Participant author, String text, String dedupKey);

  /**
   * Assigns a conversation to an agent directly (a supervisor's decision), whatever the agent's
   * presence, within the agent's capacity.
   *
   * @param id the conversation
   * @param agentId the agent
   * @return the new state
   * @throws NotFoundException if the conversation or the agent does not exist
   * @throws AgentUnavailableException if the agent has no free capacity for its channel kind
   * @throws InvalidTransitionException if it is not active or a handoff is pending
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Conversation assign(ConversationId id, AgentId agentId);

  /**
   * Puts a conversation in a queue and routes it.
   *
   * @param id the conversation
   * @param queue the queue
   * @return the new state (assigned already if an agent was free)
   * @throws InvalidInputException if the participant is not a queue
   * @throws NotFoundException if the conversation does not exist
   * @throws InvalidTransitionException if it is not active or a handoff is pending
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Conversation enqueue(ConversationId id, Participant queue);

  /**
   * Sets what routing needs to know; a queued conversation is routed again.
   *
   * @param id the conversation
   * @param classification priority, skills, language
   * @return the new state
   * @throws NotFoundException if it does not exist
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Conversation classify(ConversationId id, Classification classification);

  /**
   * Routes waiting conversations to agents with free capacity (every change that could make that
   * possible does it already; call this after changing routing from outside Omni).
   *
   * @return the conversations assigned, in the order they were
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  List<Conversation> routeQueued();

  /**
   * Opens every snoozed conversation whose time has come, and routes the queued ones. Each
   * conversation is woken in a unit of work of its own, run again when it loses a race as the retry
   * policy allows: one that still cannot be written (it is logged) does not hold up the others;
   * only when every due one fails is the first failure thrown.
   *
   * @return the conversations woken
   */
  List<Conversation> wakeSnoozed();

  /**
   * Raises each SLA breach that is due and was not raised before (each once per target), for the
   * application's scheduler to call. Each conversation's breaches are raised in a unit of work of
   * their own, run again when it loses a race as the retry policy allows: one that still cannot be
   * written (it is logged) does not hold up the others; only when every due one fails is the first
   * failure thrown.
   *
   * @return the breaches raised now (also published as events)
   */
  List<SlaBreached> checkSla();

  /**
   * The newest touchpoints of a conversation, across channels, newest last.
   *
   * @param id the conversation
   * @param limit the most to return, 1-500
   * @return the transcript
   * @throws NotFoundException if the conversation does not exist
   * @throws InvalidInputException if the limit is out of range
   */
  List<Touchpoint> transcript(ConversationId id, int limit);
}
