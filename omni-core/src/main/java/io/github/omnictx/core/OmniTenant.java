package io.github.omnictx.core;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.ChannelAdapter;
import io.github.omnictx.core.consent.Consents;
import io.github.omnictx.core.conversation.ConversationPolicy;
import io.github.omnictx.core.conversation.Conversations;
import io.github.omnictx.core.customer.Customers;
import io.github.omnictx.core.handoff.Handoffs;
import io.github.omnictx.core.identity.Identities;
import io.github.omnictx.core.identity.IdentityRules;
import io.github.omnictx.core.internal.AgentsImpl;
import io.github.omnictx.core.internal.ConsentsImpl;
import io.github.omnictx.core.internal.ConversationEngine;
import io.github.omnictx.core.internal.ConversationsImpl;
import io.github.omnictx.core.internal.CustomersImpl;
import io.github.omnictx.core.internal.EventBus;
import io.github.omnictx.core.internal.HandoffsImpl;
import io.github.omnictx.core.internal.IdentitiesImpl;
import io.github.omnictx.core.internal.TenantContext;
import io.github.omnictx.core.internal.TimelineImpl;
import io.github.omnictx.core.internal.WebhooksImpl;
import io.github.omnictx.core.routing.Agents;
import io.github.omnictx.core.routing.Router;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.timeline.Timeline;
import io.github.omnictx.core.webhook.Webhooks;
import java.time.Clock;
import java.util.Map;

/**
 * One tenant's view of Omni: every service, bound to the tenant. Obtained from {@link
 * Omni#tenant(TenantId)}. Thread-safe.
 */
public final class OmniTenant {
  private final TenantContext ctx;
  private final Customers customers;
  private final Timeline timeline;
  private final Identities identities;
  private final Consents consents;
  private final Conversations conversations;
  private final Handoffs handoffs;
  private final Agents agents;
  private final Webhooks webhooks;

  OmniTenant(TenantId tenant, OmniStore store, Clock clock, IdGenerator ids, Map<ChannelId, Channel> channels,
      EventBus events, IdentityRules identityRules, ConversationPolicy policy, Router router,
      Map<String, ChannelAdapter> adapters, int maxWebhookBodyBytes) {
    this.ctx = new TenantContext(tenant, store, clock, ids, channels, events);
    this.customers = new CustomersImpl(ctx);
    this.timeline = new TimelineImpl(ctx);
    this.consents = new ConsentsImpl(ctx);
    ConversationEngine engine = new ConversationEngine(ctx, policy, router);
    this.handoffs = new HandoffsImpl(engine);
    this.agents = new AgentsImpl(engine);
    IdentitiesImpl identitiesImpl = new IdentitiesImpl(ctx, identityRules);
    ConversationsImpl conversationsImpl = new ConversationsImpl(engine);
    this.identities = identitiesImpl;
    this.conversations = conversationsImpl;
    this.webhooks = new WebhooksImpl(ctx, adapters, maxWebhookBodyBytes, identitiesImpl, conversationsImpl, timeline);
  }

  /** @return the tenant */
  public TenantId id() {
    return ctx.tenant();
  }

  /** @return the tenant's customers */
  public Customers customers() {
    return customers;
  }

  /** @return the tenant's timeline of touchpoints */
  public Timeline timeline() {
    return timeline;
  }

  /** @return identity resolution, merges and their reversal, manual linking */
  public Identities identities() {
    return identities;
  }

  /** @return consent answers and contact preferences */
  public Consents consents() {
    return consents;
  }

  /** @return the tenant's conversations: inbound joining, lifecycle, routing, SLA */
  public Conversations conversations() {
    return conversations;
  }

  /** @return the tenant's handoffs between bots, queues and agents */
  public Handoffs handoffs() {
    return handoffs;
  }

  /** @return the tenant's agents: profiles, presence, capacity, load */
  public Agents agents() {
    return agents;
  }

  /** @return the inbound webhook pipeline for the registered channel adapters */
  public Webhooks webhooks() {
    return webhooks;
  }
}
