package io.github.omnictx.core.testing;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.spi.AgentRepository;
import io.github.omnictx.core.spi.PrivacyRepository;
import io.github.omnictx.core.spi.ConversationRepository;
import io.github.omnictx.core.spi.CustomerRepository;
import io.github.omnictx.core.spi.HandoffRepository;
import io.github.omnictx.core.spi.MergeJournal;
import io.github.omnictx.core.spi.OutboundRepository;
import io.github.omnictx.core.spi.OutboxRepository;
import io.github.omnictx.core.spi.JourneyRunRepository;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TouchpointRepository;
import io.github.omnictx.core.spi.PollCursorRepository;
import io.github.omnictx.core.spi.WebhookTokenRepository;

/**
 * A {@link StoreTransaction} that forwards every repository to another; tests override the ones
 * they want to tamper with (fail a write, serve a stale read).
 */
public class ForwardingTransaction implements StoreTransaction {
  /** The transaction forwarded to. */
  protected final StoreTransaction tx;

  /**
   * @param tx the transaction to forward to
   */
  public ForwardingTransaction(StoreTransaction tx) {
    this.tx = tx;
  }

  @Override
  public TenantId tenant() {
    return tx.tenant();
  }

  @Override
  public CustomerRepository customers() {
    return tx.customers();
  }

  @Override
  public TouchpointRepository touchpoints() {
    return tx.touchpoints();
  }

  @Override
  public ConversationRepository conversations() {
    return tx.conversations();
  }

  @Override
  public HandoffRepository handoffs() {
    return tx.handoffs();
  }

  @Override
  public AgentRepository agents() {
    return tx.agents();
  }

  @Override
  public MergeJournal mergeJournal() {
    return tx.mergeJournal();
  }

  @Override
  public WebhookTokenRepository webhookTokens() {
    return tx.webhookTokens();
  }

  @Override
  public PollCursorRepository pollCursors() {
    return tx.pollCursors();
  }

  @Override
  public OutboundRepository outbound() {
    return tx.outbound();
  }

  @Override
  public OutboxRepository outbox() {
    return tx.outbox();
  }

  @Override
  public JourneyRunRepository journeys() {
    return tx.journeys();
  }

  @Override
  public PrivacyRepository privacy() {
    return tx.privacy();
  }
}
