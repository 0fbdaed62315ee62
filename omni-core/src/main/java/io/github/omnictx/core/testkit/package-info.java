/**
 * A test kit for the application's own journeys: {@link io.github.omnictx.core.testkit.JourneyTestKit}
 * runs them against the in-memory store on a {@link io.github.omnictx.core.testkit.VirtualClock},
 * stepping time forward and firing every timer due on the way, with recording senders on the
 * outbound channels, so a journey of days is tested in milliseconds.
 */
@NullMarked
package io.github.omnictx.core.testkit;

import org.jspecify.annotations.NullMarked;
