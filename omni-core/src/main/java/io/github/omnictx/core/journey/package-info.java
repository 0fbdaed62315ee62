/**
 * Journeys: what Omni does on its own after something a customer did. A {@link
 * io.github.omnictx.core.journey.Journey} is a plain-Java definition (a trigger, guards that end a
 * run, and steps: waits, sends through outbound, branches, proactive conversations, loyalty points,
 * notes), registered on {@code Omni.builder().journey(...)}. Each run is kept in the store ({@link
 * io.github.omnictx.core.journey.JourneyRun}) and its waits are outbox timers, so runs survive
 * restarts and several nodes never fire one timer twice. {@link
 * io.github.omnictx.core.journey.BuiltInJourneys} has the common retail journeys; the {@code
 * testkit} package runs journeys against the in-memory store on a virtual clock.
 */
@NullMarked
package io.github.omnictx.core.journey;

import org.jspecify.annotations.NullMarked;
