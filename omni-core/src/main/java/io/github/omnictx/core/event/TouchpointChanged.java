package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.spi.MessageChange;
import io.github.omnictx.core.timeline.Touchpoint;
import java.time.Instant;

/**
 * A recorded message was edited or deleted by the customer (see {@link MessageChange}): a listener
 * that keeps a copy of touchpoints (a search index, a warehouse) replaces its copy with this one,
 * and after a deletion drops the text it held.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param change what changed
 * @param touchpoint the touchpoint as it is now
 */
public record TouchpointChanged(TenantId tenant, Instant at, MessageChange.Kind change, Touchpoint touchpoint)
    implements OmniEvent {}
