package io.github.omnictx.core.memory;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.spi.AgentRepository;
import io.github.omnictx.core.spi.ConversationRepository;
import io.github.omnictx.core.spi.CustomerRepository;
import io.github.omnictx.core.spi.HandoffRepository;
import io.github.omnictx.core.spi.JourneyRunRepository;
import io.github.omnictx.core.spi.MergeJournal;
import io.github.omnictx.core.spi.OutboundRepository;
import io.github.omnictx.core.spi.OutboxRepository;
import io.github.omnictx.core.spi.PrivacyRepository;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TouchpointRepository;
import io.github.omnictx.core.spi.PollCursorRepository;
import io.github.omnictx.core.spi.WebhookTokenRepository;

/**
 * One unit of work on one tenant's data, run under the tenant's lock: one repository of each kind
 * over the tenant's {@link TenantData}, all writing through this unit's {@link UndoLog}. Not
 * thread-safe; valid only inside the work it was given to.
 */
final class InMemoryTransaction implements StoreTransaction {
  private final TenantId tenant;
  private final TenantData data;
  private final UndoLog undo = new UndoLog();
  private boolean ended;
  private final InMemoryCustomers customers;
  private final InMemoryTouchpoints touchpoints;
  private final InMemoryConversations conversations;
  private final InMemoryAgents agents;
  private final InMemoryHandoffs handoffs;
  private final InMemoryMergeJournal mergeJournal;
  private final InMemoryWebhookTokens webhookTokens;
  private final InMemoryPollCursors pollCursors;
  private final InMemoryOutbound outbound;
  private final InMemoryOutbox sharedOutbox;
  private final InMemoryOutboxRows outbox;
  private final InMemoryJourneyRuns journeys;
  private final InMemoryPrivacy privacy;

  InMemoryTransaction(TenantId tenant, TenantData data, InMemoryOutbox sharedOutbox) {
    this.tenant = tenant;
    this.data = data;
    this.customers = new InMemoryCustomers(this);
    this.touchpoints = new InMemoryTouchpoints(this);
    this.conversations = new InMemoryConversations(this);
    this.agents = new InMemoryAgents(this);
    this.handoffs = new InMemoryHandoffs(this);
    this.mergeJournal = new InMemoryMergeJournal(this);
    this.webhookTokens = new InMemoryWebhookTokens(this);
    this.pollCursors = new InMemoryPollCursors(this);
    this.outbound = new InMemoryOutbound(this);
    this.sharedOutbox = sharedOutbox;
    this.outbox = new InMemoryOutboxRows(this, sharedOutbox);
    this.journeys = new InMemoryJourneyRuns(this);
    this.privacy = new InMemoryPrivacy(this, touchpoints, sharedOutbox);
  }

  /** Ends the unit of work, keeping its changes; its new outbox rows become claimable now. */
  void commit() {
    sharedOutbox.publish(outbox.staged());
    ended = true;
  }

  /** Ends the unit of work, undoing its changes. */
  void rollback() {
    undo.undoAll();
    ended = true;
  }

  /** @throws IllegalStateException if the unit of work has ended */
  void checkOpen() {
    if (ended) {
      throw new IllegalStateException("this unit of work has ended; repositories are valid only inside it");
    }
  }

  /** @return the tenant's data */
  TenantData data() {
    return data;
  }

  /** @return this unit of work's undo log */
  UndoLog undo() {
    return undo;
  }

  @Override
  public TenantId tenant() {
    return tenant;
  }

  @Override
  public CustomerRepository customers() {
    return customers;
  }

  @Override
  public TouchpointRepository touchpoints() {
    return touchpoints;
  }

  @Override
  public ConversationRepository conversations() {
    return conversations;
  }

  @Override
  public MergeJournal mergeJournal() {
    return mergeJournal;
  }

  @Override
  public AgentRepository agents() {
    return agents;
  }

  @Override
  public HandoffRepository handoffs() {
    return handoffs;
  }

  @Override
  public WebhookTokenRepository webhookTokens() {
    return webhookTokens;
  }

  @Override
  public PollCursorRepository pollCursors() {
    return pollCursors;
  }

  @Override
  public OutboundRepository outbound() {
    return outbound;
  }

  @Override
  public OutboxRepository outbox() {
    return outbox;
  }

  @Override
  public JourneyRunRepository journeys() {
    return journeys;
  }

  @Override
  public PrivacyRepository privacy() {
    return privacy;
  }
}
