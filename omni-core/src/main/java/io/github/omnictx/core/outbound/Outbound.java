package io.github.omnictx.core.outbound;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.customer.CustomerId;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's outbound messages: decides whether, where and when to send an {@link
 * OutboundIntent}, and records the decision, the outbound touchpoint and the outbox row in one unit
 * of work. Obtained from {@code omni.tenant(id).outbound()}; the dispatcher ({@code
 * omni.dispatcher()}) sends what is queued. Thread-safe.
 *
 * <p><b>How a decision is made.</b> The candidates are the intent's channels, or every registered
 * channel that allows outbound messages and addresses people by an identity. Each candidate is
 * checked in this order, and the first check it fails is recorded in {@link
 * OutboundDecision#rejected()}:
 * <ol>
 *   <li><b>available</b>: the channel allows outbound messages and a registered adapter sends on it;
 *   <li><b>content</b>: a template for the channel, or a text that fits it ({@code
 *       Channel#textProblem}: characters, and SMS segments);
 *   <li><b>consent</b> for the channel and purpose: the latest answer wins; {@code GRANTED} allows,
 *       {@code DENIED} and {@code REVOKED} block. Without an answer, service and transactional
 *       messages are allowed and marketing is not (marketing needs an explicit grant). Service
 *       messages are answers in a conversation the customer started: the consent answer for the
 *       channel's {@code SERVICE} purpose blocks them when denied or revoked, a marketing answer never does;
 *   <li><b>address</b>: the customer holds an identity of the kind the channel addresses people by
 *       (the first in identity order when several);
 *   <li><b>service window</b> (WhatsApp: 24 hours): free text only within the window after the
 *       customer's last inbound message on that channel, at the time the message goes out; otherwise
 *       the intent's template for the channel, otherwise the channel is passed over;
 *   <li><b>frequency caps</b> of the policy that name the channel.
 * </ol>
 * The channels that pass are ordered: the customer's preferred channels first, in their order;
 * then the others by how much the customer answers on them (inbound messages plus read receipts
 * over the policy's answer window, 180 days by default, counted in one aggregate query), most
 * first; ties in the intent's channel order, else by channel id. The first is queued, the next
 * ones (up to the fallback policy's limit) are its fallback chain. Before any of that, the whole
 * intent is checked: marketing within the policy's pause after a purchase is suppressed ({@link
 * SuppressionReason#RECENT_PURCHASE}); purposes the policy keeps quiet hours for are deferred to the
 * end of the customer's quiet hours in their time zone (DST-correct); a message that could not go
 * out before its deadline is suppressed; frequency caps over every channel suppress it when reached.
 *
 * <p><b>Dedup.</b> The dedup key is unique per tenant: a repeated intent with the same key and the
 * same content returns the first decision and records nothing; the same key with other content is a
 * {@link DedupKeyConflictException}.
 *
 * <p>A write that loses a race to a concurrent one is rolled back and run again as the {@code
 * RetryPolicy} allows; two concurrent sends with one dedup key record one decision.
 */
public interface Outbound {

  /**
   * Decides and records: the decision (suppressions too), and when it sends, the outbound
   * touchpoint of its first step (status {@code QUEUED}) and the outbox row (due now, or at the end
   * of quiet hours), all in one unit of work.
   *
   * @param intent the intent
   * @return the decision, or the first one made under the intent's dedup key
   * @throws NotFoundException if the customer (or the intent's conversation) does not exist
   * @throws InvalidInputException naming the field when the intent is malformed: blank dedup key
   *     (or over 200 characters), no content, blank text, a channel that is not registered, a
   *     template for a channel without templates, a text longer than a channel the intent names
   *     allows; nothing is recorded
   * @throws DedupKeyConflictException if the dedup key belongs to an intent with other content
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race; nothing changed
   */
  OutboundDecision send(OutboundIntent intent);

  /**
   * Answers what {@link #send} would decide now, writing nothing (its ids are never stored). For an
   * intent whose dedup key was used, the stored decision.
   *
   * @param intent the intent
   * @return the decision
   * @throws NotFoundException if the customer does not exist
   * @throws InvalidInputException as {@link #send}
   * @throws DedupKeyConflictException as {@link #send}
   */
  OutboundDecision explain(OutboundIntent intent);

  /**
   * @param id a decision id
   * @return the decision, if recorded in this tenant
   */
  Optional<OutboundDecision> find(DecisionId id);

  /**
   * @param id a decision id
   * @return the decision
   * @throws NotFoundException if it was not recorded in this tenant
   */
  OutboundDecision get(DecisionId id);

  /**
   * @param dedupKey an intent's dedup key
   * @return the decision made under it, if any
   */
  Optional<OutboundDecision> findByDedupKey(String dedupKey);

  /**
   * The decisions for a customer and everyone merged with them, newest first.
   *
   * @param customer the customer, live or merged
   * @param limit the most to return, 1-500
   * @return the decisions, suppressions included
   * @throws NotFoundException if the customer does not exist
   * @throws InvalidInputException if the limit is out of range
   */
  List<OutboundDecision> ofCustomer(CustomerId customer, int limit);

  /**
   * @param id a decision id
   * @return how far its plan got, if the decision was recorded in this tenant
   */
  Optional<OutboundProgress> progress(DecisionId id);

  /** @return the policy this tenant decides by */
  OutboundPolicy policy();
}
