package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.outbound.DecisionId;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;

/**
 * A provider accepted a step of an outbound decision.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param decision the decision
 * @param step the step's index
 * @param channel the step's channel
 * @param touchpoint the step's outbound touchpoint, now with the provider's message id
 * @param messageId the provider's id for the message
 */
public record OutboundSent(TenantId tenant, Instant at, DecisionId decision, int step, ChannelId channel,
    TouchpointId touchpoint, String messageId) implements OmniEvent {}
