/**
 * The timeline: immutable touchpoints across all channels, recorded idempotently and read with keyset pagination through {@link io.github.omnictx.core.timeline.Timeline}.
 */
@NullMarked
package io.github.omnictx.core.timeline;

import org.jspecify.annotations.NullMarked;
