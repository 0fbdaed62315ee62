package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.handoff.Handoff;
import java.time.Instant;

/**
 * A handoff was offered.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param handoff the offer
 */
public record HandoffOffered(TenantId tenant, Instant at, Handoff handoff) implements OmniEvent {}
