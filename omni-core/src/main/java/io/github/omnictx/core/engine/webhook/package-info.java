/**
 * Not API: may change in any release. The inbound webhook pipeline: verification, replay guard,
 * parsing, then sender resolution, conversation and touchpoint in one unit of work per event. Uses
 * identity, conversation and timeline.
 */
@NullMarked
package io.github.omnictx.core.engine.webhook;

import org.jspecify.annotations.NullMarked;
