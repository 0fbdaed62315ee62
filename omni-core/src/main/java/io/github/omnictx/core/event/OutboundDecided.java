package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.outbound.OutboundDecision;
import java.time.Instant;

/**
 * An outbound decision was recorded: queued, deferred or suppressed (a repeated dedup key raises
 * none).
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param decision the decision
 */
public record OutboundDecided(TenantId tenant, Instant at, OutboundDecision decision) implements OmniEvent {}
