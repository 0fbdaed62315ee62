/**
 * Outbound messages: the right message, on the channel the customer answers on, at the right
 * frequency. {@link io.github.omnictx.core.outbound.Outbound} decides for an {@link
 * io.github.omnictx.core.outbound.OutboundIntent} and records an {@link
 * io.github.omnictx.core.outbound.OutboundDecision} (suppressions too), under the tenant's {@link
 * io.github.omnictx.core.outbound.OutboundPolicy}; the {@link
 * io.github.omnictx.core.outbound.OutboundDispatcher} drains the transactional outbox through the
 * channel adapters, with fallback chains ({@link io.github.omnictx.core.outbound.FallbackPolicy})
 * and {@link io.github.omnictx.core.outbound.OutboundProgress} per decision.
 */
@NullMarked
package io.github.omnictx.core.outbound;

import org.jspecify.annotations.NullMarked;
