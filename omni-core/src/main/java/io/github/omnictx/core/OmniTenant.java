package io.github.omnictx.core;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.consent.service.Consents;
import io.github.omnictx.core.conversation.ConversationPolicy;
import io.github.omnictx.core.conversation.service.Conversations;
import io.github.omnictx.core.customer.Customers;
import io.github.omnictx.core.engine.EventBus;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.consent.ConsentService;
import io.github.omnictx.core.engine.conversation.ConversationService;
import io.github.omnictx.core.engine.customer.CustomerService;
import io.github.omnictx.core.engine.customer.Tombstones;
import io.github.omnictx.core.engine.handoff.Fallback;
import io.github.omnictx.core.engine.handoff.HandoffContexts;
import io.github.omnictx.core.engine.handoff.HandoffService;
import io.github.omnictx.core.engine.identity.IdentityService;
import io.github.omnictx.core.engine.journey.JourneyEngine;
import io.github.omnictx.core.engine.journey.LoyaltyService;
import io.github.omnictx.core.engine.journey.Registry;
import io.github.omnictx.core.engine.outbound.Delivery;
import io.github.omnictx.core.engine.outbound.OutboundService;
import io.github.omnictx.core.engine.privacy.PrivacyService;
import io.github.omnictx.core.engine.routing.AgentService;
import io.github.omnictx.core.engine.routing.Dispatcher;
import io.github.omnictx.core.engine.timeline.TimelineService;
import io.github.omnictx.core.engine.webhook.WebhookPipeline;
import io.github.omnictx.core.handoff.Handoffs;
import io.github.omnictx.core.identity.IdentityRules;
import io.github.omnictx.core.identity.service.Identities;
import io.github.omnictx.core.journey.Journeys;
import io.github.omnictx.core.loyalty.Loyalty;
import io.github.omnictx.core.loyalty.LoyaltyPoints;
import io.github.omnictx.core.outbound.Outbound;
import io.github.omnictx.core.outbound.OutboundPolicy;
import io.github.omnictx.core.privacy.Privacy;
import io.github.omnictx.core.privacy.PrivacySettings;
import io.github.omnictx.core.routing.Agents;
import io.github.omnictx.core.routing.Router;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.timeline.Timeline;
import io.github.omnictx.core.webhook.Webhooks;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's view of Omni: every service, bound to the tenant. Obtained from {@link
 * Omni#tenant(TenantId)}. Thread-safe.
 */
public final class OmniTenant {
  private final UnitOfWork uow;
  private final Customers customers;
  private final Timeline timeline;
  private final Identities identities;
  private final Consents consents;
  private final Conversations conversations;
  private final Handoffs handoffs;
  private final Agents agents;
  private final Webhooks webhooks;
  private final OutboundService outbound;
  private final Delivery delivery;
  private final JourneyEngine journeys;
  private final LoyaltyService loyalty;
  private final @Nullable Privacy privacy;

  OmniTenant(TenantId tenant, OmniStore store, Clock clock, IdGenerator ids, Map<ChannelId, Channel> channels,
      EventBus events, RetryPolicy retry, IdentityRules identityRules, ConversationPolicy policy, Router router,
      Map<String, InboundAdapter> adapters, int maxWebhookBodyBytes, OutboundPolicy outboundPolicy,
      Map<ChannelId, OutboundAdapter> senders, Registry journeyRegistry, Optional<Loyalty> loyaltySystem,
      Optional<PrivacySettings> privacySettings) {
    this.uow = new UnitOfWork(tenant, store, clock, ids, channels, events, retry);
    Tombstones tombstones = Tombstones.none();
    if (privacySettings.isPresent()) {
      byte[] key = privacySettings.get().tombstoneKey(tenant).orElseThrow(() -> new IllegalStateException(
          "tenant " + tenant + " has no tombstone secret: give PrivacySettings a shared tombstoneSecret or one for it"));
      tombstones = Tombstones.keyed(key);
      this.privacy = new PrivacyService(uow, tombstones, privacySettings.get().retention());
    } else {
      this.privacy = null;
    }
    this.outbound = new OutboundService(uow, outboundPolicy, senders);
    this.customers = new CustomerService(uow, tombstones);
    TimelineService timelineService = new TimelineService(uow);
    this.timeline = timelineService;
    this.consents = new ConsentService(uow);
    IdentityService identityService = new IdentityService(uow, identityRules, tombstones);
    this.identities = identityService;
    Dispatcher dispatcher = new Dispatcher(uow, policy.defaultQueue(), router);
    this.journeys = JourneyEngine.of(uow, journeyRegistry, outbound, dispatcher, loyaltySystem);
    // Without journeys, a journey row is one this node cannot read: put back for a node that can.
    this.delivery = journeyRegistry.isEmpty() ? new Delivery(outbound)
        : new Delivery(outbound, Map.of(JourneyEngine.AGGREGATE_TYPE, journeys));
    this.loyalty = new LoyaltyService(uow, loyaltySystem);
    HandoffContexts contexts = new HandoffContexts(policy, loyalty::balanceIn);
    Fallback fallback = new Fallback(tenant, policy.defaultQueue(), dispatcher, contexts);
    this.agents = new AgentService(uow, dispatcher);
    this.handoffs = new HandoffService(uow, policy, dispatcher, fallback, contexts);
    ConversationService conversationService = new ConversationService(uow, policy, dispatcher, fallback, outbound);
    this.conversations = conversationService;
    this.webhooks = new WebhookPipeline(uow, adapters, maxWebhookBodyBytes, identityService, conversationService,
        timelineService, outbound);
  }

  /** @return the tenant */
  public TenantId id() {
    return uow.tenant();
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

  /** @return outbound messages: decide, record and queue; the dispatcher sends them */
  public Outbound outbound() {
    return outbound;
  }

  /** @return the runs of the registered journeys */
  public Journeys journeys() {
    return journeys;
  }

  /** @return loyalty points through the registered loyalty system, each award a touchpoint */
  public LoyaltyPoints loyalty() {
    return loyalty;
  }

  /**
   * @return erase and export of a person, tombstones, retention
   * @throws IllegalStateException if the application configured no {@link PrivacySettings}
   *     ({@code Omni.builder().privacy(...)})
   */
  public Privacy privacy() {
    if (privacy == null) {
      throw new IllegalStateException("privacy is not configured: give Omni.builder().privacy(PrivacySettings) "
          + "the tenant secret its tombstones are keyed with");
    }
    return privacy;
  }

  /** @return what the dispatcher does with this tenant's outbox rows */
  Delivery delivery() {
    return delivery;
  }
}
