package io.github.omnictx.core;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Consents;
import io.github.omnictx.core.customer.Customers;
import io.github.omnictx.core.identity.Identities;
import io.github.omnictx.core.identity.IdentityRules;
import io.github.omnictx.core.internal.ConsentsImpl;
import io.github.omnictx.core.internal.CustomersImpl;
import io.github.omnictx.core.internal.EventBus;
import io.github.omnictx.core.internal.IdentitiesImpl;
import io.github.omnictx.core.internal.TenantContext;
import io.github.omnictx.core.internal.TimelineImpl;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.timeline.Timeline;
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

  OmniTenant(TenantId tenant, OmniStore store, Clock clock, IdGenerator ids, Map<ChannelId, Channel> channels,
      EventBus events, IdentityRules identityRules) {
    this.ctx = new TenantContext(tenant, store, clock, ids, channels, events);
    this.customers = new CustomersImpl(ctx);
    this.timeline = new TimelineImpl(ctx);
    this.identities = new IdentitiesImpl(ctx, identityRules);
    this.consents = new ConsentsImpl(ctx);
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
}
