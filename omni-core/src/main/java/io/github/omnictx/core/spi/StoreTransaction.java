package io.github.omnictx.core.spi;

import io.github.omnictx.core.TenantId;

/**
 * The repositories of one unit of work, all bound to its tenant. Valid only inside the {@link
 * TransactionWork} it was given to; not thread-safe.
 */
public interface StoreTransaction {

  /** @return the tenant every repository here is bound to */
  TenantId tenant();

  /** @return customers and the identity index */
  CustomerRepository customers();

  /** @return touchpoints */
  TouchpointRepository touchpoints();

  /** @return conversations */
  ConversationRepository conversations();

  /** @return the merge journal */
  MergeJournal mergeJournal();
  /** @return handoff offers and their outcomes */
  HandoffRepository handoffs();

  /** @return agents (profiles, presence, capacity) */
  AgentRepository agents();

  /** @return the one-time tokens of webhooks whose signature does not cover the body */
  WebhookTokenRepository webhookTokens();

  /** @return how far each polling source of an inbound adapter (an IMAP folder) has been read */
  PollCursorRepository pollCursors();

  /** @return outbound decisions and their progress */
  OutboundRepository outbound();

  /** @return this tenant's outbox rows, written and completed in this unit of work */
  OutboxRepository outbox();

  /** @return journey runs */
  JourneyRunRepository journeys();

  /** @return erase, receipts, tombstones and retention */
  PrivacyRepository privacy();
}
