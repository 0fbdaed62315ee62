package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.outbound.DecisionId;
import java.time.Instant;

/**
 * An attempt at a step of an outbound decision failed, or the step ended without a send.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param decision the decision
 * @param step the step's index
 * @param channel the step's channel
 * @param reason a {@code DeliveryException.Reason} name for a provider failure ({@code TEMPORARY}
 *     for an adapter that threw anything else), {@code RECEIPT} for a provider's failed receipt,
 *     {@code NO_RESPONSE} for a timer that ran out, or a {@code SuppressionReason} name for a check
 *     at send time ({@code NO_CONSENT}, {@code NO_ADDRESS}, {@code DEADLINE_PASSED})
 * @param retrying whether the same step is attempted again later; otherwise the plan moved to its
 *     next step, or ended
 * @param detail what was reported
 */
public record OutboundFailed(TenantId tenant, Instant at, DecisionId decision, int step, ChannelId channel,
    String reason, boolean retrying, String detail) implements OmniEvent {}
