/**
 * Outbound's engine, not API: {@link io.github.omnictx.core.engine.outbound.OutboundService}
 * decides ({@link io.github.omnictx.core.engine.outbound.Decider} with its small rules {@link
 * io.github.omnictx.core.engine.outbound.ChannelRules}, {@link
 * io.github.omnictx.core.engine.outbound.Timing} and {@link
 * io.github.omnictx.core.engine.outbound.Ranking}) and records; {@link
 * io.github.omnictx.core.engine.outbound.Plans} starts steps and moves plans on; {@link
 * io.github.omnictx.core.engine.outbound.OutboxDispatcher} claims outbox rows and hands each to its
 * tenant's {@link io.github.omnictx.core.engine.outbound.Delivery}. Imports the customer and
 * timeline engines only.
 */
@NullMarked
package io.github.omnictx.core.engine.outbound;

import org.jspecify.annotations.NullMarked;
