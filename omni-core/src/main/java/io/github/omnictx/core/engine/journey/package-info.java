/**
 * The journey engine: starts runs from touchpoints in their unit of work, runs steps until the next
 * wait, fires waits from the outbox, re-checks exit guards in the unit of work that sends. Not API:
 * may change in any release.
 */
@NullMarked
package io.github.omnictx.core.engine.journey;

import org.jspecify.annotations.NullMarked;
