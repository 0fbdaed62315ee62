package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.handoff.HandoffOutcome;
import java.time.Instant;

/**
 * A handoff was declined; the conversation went to the fallback owner with the held messages.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param outcome the outcome
 */
public record HandoffDeclined(TenantId tenant, Instant at, HandoffOutcome outcome) implements OmniEvent {}
