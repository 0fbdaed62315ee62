package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.timeline.Touchpoint;
import java.time.Instant;

/**
 * A new touchpoint was recorded (duplicates raise no event).
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param touchpoint the touchpoint
 */
public record TouchpointRecorded(TenantId tenant, Instant at, Touchpoint touchpoint) implements OmniEvent {}
