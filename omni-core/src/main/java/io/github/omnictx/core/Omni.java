package io.github.omnictx.core;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.ChannelAdapter;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.conversation.ConversationPolicy;
import io.github.omnictx.core.engine.EventBus;
import io.github.omnictx.core.engine.journey.Registry;
import io.github.omnictx.core.engine.outbound.OutboxDispatcher;
import io.github.omnictx.core.event.OmniListener;
import io.github.omnictx.core.identity.IdentityRules;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.journey.Journey;
import io.github.omnictx.core.loyalty.Loyalty;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.outbound.OutboundPolicy;
import io.github.omnictx.core.privacy.PrivacySettings;
import io.github.omnictx.core.routing.Router;
import io.github.omnictx.core.routing.Routers;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: one customer context across every channel, embedded in the application.
 *
 * <pre>{@code
 * Omni omni = Omni.builder().store(new InMemoryStore()).build();
 * OmniTenant shop = omni.tenant(TenantId.of("acme"));
 * Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
 * shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.WHATSAPP.id(), TouchpointType.MESSAGE)
 *     .externalId("wamid.1").build());
 * }</pre>
 *
 * <p>Everything is done through a tenant view, {@link #tenant(TenantId)}: nothing reads across
 * tenants. Thread-safe; build one per application and share it.
 */
public final class Omni {
  /** The default largest webhook body accepted, in bytes (1 MiB). */
  public static final int DEFAULT_MAX_WEBHOOK_BODY_BYTES = 1 << 20;
  /**
   * How many tenant views are kept for reuse, the most recently used first. A view holds no state
   * of its own (everything is in the store), so one dropped from the cache is simply made again;
   * the bound keeps an application serving many tenants from holding a view for every tenant it
   * ever saw.
   */
  public static final int TENANT_VIEWS_KEPT = 1024;

  private final OmniStore store;
  private final Clock clock;
  private final IdGenerator ids;
  private final Map<ChannelId, Channel> channels;
  private final EventBus events;
  private final IdentityRules identityRules;
  private final Map<TenantId, IdentityRules> tenantIdentityRules;
  private final ConversationPolicy conversationPolicy;
  private final Map<TenantId, ConversationPolicy> tenantPolicies;
  private final Router router;
  private final Map<String, ChannelAdapter> adapters;
  private final Map<String, InboundAdapter> inboundAdapters;
  private final int maxWebhookBodyBytes;
  private final RetryPolicy retryPolicy;
  private final OutboundPolicy outboundPolicy;
  private final Map<TenantId, OutboundPolicy> tenantOutboundPolicies;
  private final Map<ChannelId, OutboundAdapter> senders;
  private final Registry journeys;
  private final Optional<Loyalty> loyalty;
  private final @org.jspecify.annotations.Nullable PrivacySettings privacy;
  private final Map<TenantId, OmniTenant> tenants = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<TenantId, OmniTenant> eldest) {
      return size() > TENANT_VIEWS_KEPT;
    }
  }; // guarded by itself

  private Omni(Builder b) {
    this.store = b.store == null ? new InMemoryStore() : b.store;
    this.clock = b.clock;
    this.ids = b.ids == null ? IdGenerator.timeOrdered(b.clock) : b.ids;
    this.channels = Map.copyOf(b.channels);
    this.events = new EventBus(b.listeners);
    this.identityRules = b.identityRules;
    this.tenantIdentityRules = Map.copyOf(b.tenantIdentityRules);
    this.conversationPolicy = b.conversationPolicy;
    this.tenantPolicies = Map.copyOf(b.tenantPolicies);
    this.router = b.router;
    this.adapters = Collections.unmodifiableMap(new LinkedHashMap<>(b.adapters));
    Map<String, InboundAdapter> inbound = new LinkedHashMap<>();
    b.adapters.forEach((id, a) -> {
      if (a instanceof InboundAdapter in) {
        inbound.put(id, in);
      }
    });
    this.inboundAdapters = Collections.unmodifiableMap(inbound);
    this.maxWebhookBodyBytes = b.maxWebhookBodyBytes;
    this.retryPolicy = b.retryPolicy;
    this.outboundPolicy = b.outboundPolicy;
    this.tenantOutboundPolicies = Map.copyOf(b.tenantOutboundPolicies);
    Map<ChannelId, OutboundAdapter> firstSenders = new LinkedHashMap<>();
    for (ChannelAdapter a : b.adapters.values()) {
      if (a instanceof OutboundAdapter out && out.sends()) {
        firstSenders.putIfAbsent(a.channel(), out);
      }
    }
    this.senders = Map.copyOf(firstSenders);
    this.privacy = b.privacy;
    for (ChannelAdapter a : adapters.values()) {
      if (!channels.containsKey(a.channel())) {
        throw new IllegalStateException("adapter " + a.id() + " records on channel " + a.channel()
            + ", which is not registered");
      }
    }
    this.loyalty = Optional.ofNullable(b.loyalty);
    this.journeys = Registry.of(b.journeys, channels, b.touchpointTypes, b.loyalty != null);
  }

  /**
   * Starts a builder. Defaults: an {@link InMemoryStore}, the system UTC clock, time-ordered ids,
   * the {@link Channels#STANDARD standard channels}, no listeners, {@link IdentityRules#defaults()},
   * {@link ConversationPolicy#defaults()}, {@link Routers#defaultRouter()}, no channel adapters, a
   * webhook body limit of {@value #DEFAULT_MAX_WEBHOOK_BODY_BYTES} bytes, {@link
   * RetryPolicy#defaults()} and {@link OutboundPolicy#defaults()}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The view of one tenant, through which everything is done.
   *
   * @param tenant the tenant
   * @return the tenant's view; views are cheap and stateless, and the {@value #TENANT_VIEWS_KEPT}
   *     most recently used are kept, so a tenant in use gets the same instance again
   * @throws IllegalArgumentException if the tenant is null
   */
  public OmniTenant tenant(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    synchronized (tenants) {
      return tenants.computeIfAbsent(tenant, t -> new OmniTenant(t, store, clock, ids, channels, events,
          retryPolicy, identityRules(t), tenantPolicies.getOrDefault(t, conversationPolicy), router, inboundAdapters,
          maxWebhookBodyBytes, outboundPolicy(t), senders, journeys, loyalty, Optional.ofNullable(privacy)));
    }
  }

  /** @return how many tenant views are kept now (for tests) */
  int tenantViewsKept() {
    synchronized (tenants) {
      return tenants.size();
    }
  }

  /**
   * The outbound policy a tenant decides by: its own if configured, else the default.
   *
   * @param tenant the tenant
   * @return the policy
   */
  public OutboundPolicy outboundPolicy(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    return tenantOutboundPolicies.getOrDefault(tenant, outboundPolicy);
  }

  /**
   * A dispatcher with the default settings ({@link DispatcherSettings#defaults()}): it drains the
   * store's outbox, every tenant, through the registered adapters. Each call makes a new dispatcher
   * (with a node id of its own); start one per application node, or call {@link
   * OutboundDispatcher#runOnce()} from a scheduler.
   *
   * @return a new dispatcher
   */
  public OutboundDispatcher dispatcher() {
    return dispatcher(DispatcherSettings.defaults());
  }

  /**
   * A dispatcher with the given settings.
   *
   * @param settings node id, batch size, lease, attempts, backoff, tenants
   * @return a new dispatcher
   * @throws IllegalArgumentException if the settings are null
   */
  public OutboundDispatcher dispatcher(DispatcherSettings settings) {
    Checks.notNull(settings, "settings");
    return new OutboxDispatcher(store, clock, settings, t -> tenant(t).delivery());
  }

  /**
   * The view of one tenant.
   *
   * @param tenant the tenant id text
   * @return the tenant's view
   * @throws IllegalArgumentException if the tenant id is invalid
   */
  public OmniTenant tenant(String tenant) {
    return tenant(TenantId.of(tenant));
  }

  /** @return the store this instance writes to */
  public OmniStore store() {
    return store;
  }

  /** @return how often a unit of work that lost a race runs before the loss is reported */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** @return the clock this instance reads time from */
  public Clock clock() {
    return clock;
  }

  /**
   * The identity rules a tenant resolves by: its own if configured, else the default.
   *
   * @param tenant the tenant
   * @return the rules
   */
  public IdentityRules identityRules(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    return tenantIdentityRules.getOrDefault(tenant, identityRules);
  }

  /** @return the registered channels by id */
  public Map<ChannelId, Channel> channels() {
    return channels;
  }

  /**
   * Every registered adapter, inbound, outbound or both.
   *
   * @return the adapters by id, in the order they were registered
   */
  public Map<String, ChannelAdapter> adapters() {
    return adapters;
  }

  /**
   * The outbound side of a registered adapter.
   *
   * @param adapterId the adapter id, e.g. {@code "whatsapp"}
   * @return the adapter, if one is registered under that id and sends
   * @throws IllegalArgumentException if the id is null
   */
  public Optional<OutboundAdapter> outboundAdapter(String adapterId) {
    Checks.notNull(adapterId, "adapterId");
    return adapters.get(adapterId) instanceof OutboundAdapter out ? Optional.of(out) : Optional.empty();
  }

  /**
   * The registered adapters that send on a channel (WhatsApp may be served by the Cloud API and by
   * Twilio at once).
   *
   * @param channel the channel
   * @return the outbound adapters on it, in the order they were registered; empty if none
   * @throws IllegalArgumentException if the channel is null
   */
  public List<OutboundAdapter> outboundAdapters(ChannelId channel) {
    Checks.notNull(channel, "channel");
    List<OutboundAdapter> out = new ArrayList<>();
    for (ChannelAdapter a : adapters.values()) {
      if (a instanceof OutboundAdapter o && o.channel().equals(channel)) {
        out.add(o);
      }
    }
    return List.copyOf(out);
  }

  /** Builds an {@link Omni}. Not thread-safe. */
  public static final class Builder {
    private @Nullable OmniStore store;
    private Clock clock = Clock.systemUTC();
    private @Nullable IdGenerator ids;
    private final Map<ChannelId, Channel> channels = new LinkedHashMap<>();
    private final List<OmniListener> listeners = new ArrayList<>();
    private IdentityRules identityRules = IdentityRules.defaults();
    private final Map<TenantId, IdentityRules> tenantIdentityRules = new LinkedHashMap<>();
    private ConversationPolicy conversationPolicy = ConversationPolicy.defaults();
    private final Map<TenantId, ConversationPolicy> tenantPolicies = new LinkedHashMap<>();
    private Router router = Routers.defaultRouter();
    private final Map<String, ChannelAdapter> adapters = new LinkedHashMap<>();
    private int maxWebhookBodyBytes = DEFAULT_MAX_WEBHOOK_BODY_BYTES;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private OutboundPolicy outboundPolicy = OutboundPolicy.defaults();
    private final Map<TenantId, OutboundPolicy> tenantOutboundPolicies = new LinkedHashMap<>();
    private final List<Journey> journeys = new ArrayList<>();
    private final Set<TouchpointType> touchpointTypes = new LinkedHashSet<>();
    private @Nullable Loyalty loyalty;
    private @org.jspecify.annotations.Nullable PrivacySettings privacy;

    private Builder() {
      Channels.STANDARD.forEach(c -> channels.put(c.id(), c));
    }

    /**
     * @param store where records are kept
     * @return this builder
     */
    public Builder store(OmniStore store) {
      this.store = Checks.notNull(store, "store");
      return this;
    }

    /**
     * @param clock the time source for every timestamp Omni assigns (tests pass a fixed clock)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * @param ids the id generator; defaults to {@link IdGenerator#timeOrdered(Clock)} on the clock
     * @return this builder
     */
    public Builder idGenerator(IdGenerator ids) {
      this.ids = Checks.notNull(ids, "idGenerator");
      return this;
    }

    /**
     * Registers a channel, replacing a standard one with the same id.
     *
     * @param channel the channel
     * @return this builder
     */
    public Builder channel(Channel channel) {
      Checks.notNull(channel, "channel");
      channels.put(channel.id(), channel);
      return this;
    }

    /**
     * Adds a listener for committed events; listeners are called in the order added.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(OmniListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /**
     * Sets the identity rules of every tenant without rules of its own.
     *
     * @param rules the rules; defaults to {@link IdentityRules#defaults()}
     * @return this builder
     */
    public Builder identityRules(IdentityRules rules) {
      this.identityRules = Checks.notNull(rules, "identityRules");
      return this;
    }

    /**
     * Sets the conversation policy of every tenant without one of its own.
     *
     * @param policy reopen window, topics, initial owner, handoff timeout, SLA targets
     * @return this builder
     */
    public Builder conversationPolicy(ConversationPolicy policy) {
      this.conversationPolicy = Checks.notNull(policy, "conversationPolicy");
      return this;
    }

    /**
     * Sets one tenant's identity rules, overriding the default for it.
     *
     * @param tenant the tenant
     * @param rules its rules
     * @return this builder
     */
    public Builder identityRules(TenantId tenant, IdentityRules rules) {
      tenantIdentityRules.put(Checks.notNull(tenant, "tenant"), Checks.notNull(rules, "identityRules"));
      return this;
    }

    /**
     * Sets one tenant's conversation policy.
     *
     * @param tenant the tenant
     * @param policy its policy
     * @return this builder
     */
    public Builder conversationPolicy(TenantId tenant, ConversationPolicy policy) {
      tenantPolicies.put(Checks.notNull(tenant, "tenant"), Checks.notNull(policy, "conversationPolicy"));
      return this;
    }

    /**
     * Sets the router that assigns waiting conversations to agents.
     *
     * @param router the router (see {@link Routers})
     * @return this builder
     */
    public Builder router(Router router) {
      this.router = Checks.notNull(router, "router");
      return this;
    }

    /**
     * Registers a channel adapter under its {@link ChannelAdapter#id()}, which must be unique. An
     * {@link InboundAdapter}'s webhooks are handled by {@code tenant(...).webhooks()} under that
     * id; an {@link OutboundAdapter} is found by {@link Omni#outboundAdapter(String)} and {@link
     * Omni#outboundAdapters(ChannelId)}. An adapter that is both is registered once, for both.
     * Outbound messages on a channel go through the first {@link OutboundAdapter} registered for it
     * that {@link OutboundAdapter#sends() sends}; wrap it in omni-channels' {@code ResilientAdapter}
     * for retries, a circuit breaker and a rate limiter.
     *
     * @param adapter the adapter (omni-channels has them for the common providers)
     * @return this builder
     * @throws IllegalArgumentException if another adapter has the same id
     */
    public Builder adapter(ChannelAdapter adapter) {
      Checks.notNull(adapter, "adapter");
      if (adapters.putIfAbsent(adapter.id(), adapter) != null) {
        throw new IllegalArgumentException("adapter id must be unique, was registered twice: " + Checks.quote(adapter.id()));
      }
      return this;
    }

    /**
     * @param bytes the largest webhook body accepted (larger ones get 413), 1 KiB to 64 MiB
     * @return this builder
     */
    public Builder maxWebhookBodyBytes(int bytes) {
      if (bytes < 1024 || bytes > 64 * 1024 * 1024) {
        throw new IllegalArgumentException("maxWebhookBodyBytes must be between 1024 and 67108864, was: " + bytes);
      }
      this.maxWebhookBodyBytes = bytes;
      return this;
    }

    /**
     * Sets how often every service write runs its unit of work when it loses a race to a concurrent
     * one, before the loss is reported as a {@link ConcurrentUpdateException}.
     *
     * @param policy the policy; defaults to {@link RetryPolicy#defaults()} (10 attempts, no pause)
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Checks.notNull(policy, "retryPolicy");
      return this;
    }

    /**
     * Sets the outbound policy of every tenant without one of its own.
     *
     * @param policy answer window, quiet-hours purposes, frequency caps, pause after a purchase;
     *     defaults to {@link OutboundPolicy#defaults()}
     * @return this builder
     */
    public Builder outboundPolicy(OutboundPolicy policy) {
      this.outboundPolicy = Checks.notNull(policy, "outboundPolicy");
      return this;
    }

    /**
     * Sets one tenant's outbound policy.
     *
     * @param tenant the tenant
     * @param policy its policy
     * @return this builder
     */
    public Builder outboundPolicy(TenantId tenant, OutboundPolicy policy) {
      tenantOutboundPolicies.put(Checks.notNull(tenant, "tenant"), Checks.notNull(policy, "outboundPolicy"));
      return this;
    }

    /**
     * Registers a journey definition. Several versions of one journey may be registered: new runs
     * start on the highest, a run keeps the version it started with. Definitions are checked by
     * {@link #build()}.
     *
     * @param journey the definition
     * @return this builder
     */
    public Builder journey(Journey journey) {
      journeys.add(Checks.notNull(journey, "journey"));
      return this;
    }

    /**
     * Declares a touchpoint type the application records itself ({@code loyalty_points_redeemed},
     * say), so journeys may be triggered by it, await it or exit on it. The standard types need no
     * declaration.
     *
     * @param type the type
     * @return this builder
     */
    public Builder touchpointType(TouchpointType type) {
      touchpointTypes.add(Checks.notNull(type, "touchpointType"));
      return this;
    }

    /**
     * Registers the loyalty system points are awarded through ({@link
     * io.github.omnictx.core.loyalty.InMemoryLoyalty} for tests and demos).
     *
     * @param loyalty the loyalty system
     * @return this builder
     */
    public Builder loyalty(Loyalty loyalty) {
      this.loyalty = Checks.notNull(loyalty, "loyalty");
      return this;
    }

    /**
     * Turns privacy on: {@code tenant(..).privacy()} erases and exports people, and erased
     * identities are held back by tombstones keyed with the settings' secret. A tenant without a
     * secret is refused when its view is made.
     *
     * @param settings the tombstone secret(s) and retention rules
     * @return this builder
     */
    public Builder privacy(PrivacySettings settings) {
      this.privacy = Checks.notNull(settings, "privacy");
      return this;
    }

    /**
     * @return the configured instance
     * @throws IllegalStateException if an adapter records on a channel that is not registered
     * @throws IllegalArgumentException naming the journey and step when a journey is refused: its
     *     name and version registered twice, a step on an unknown channel (or one that cannot
     *     send), a trigger, exit guard or awaited event on a touchpoint type nothing records (no
     *     standard type, none a journey produces, none declared with {@link #touchpointType}),
     *     points without a loyalty system, or journeys that trigger each other in a cycle
     */
    public Omni build() {
      return new Omni(this);
    }
  }
}
