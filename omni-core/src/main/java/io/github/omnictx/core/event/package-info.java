/**
 * Events listeners receive after a unit of work commits, and the {@link io.github.omnictx.core.event.OmniListener} contract.
 */
@NullMarked
package io.github.omnictx.core.event;

import org.jspecify.annotations.NullMarked;
