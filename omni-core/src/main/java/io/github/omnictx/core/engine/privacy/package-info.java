/**
 * Privacy's implementation: erase and export walking the {@code DataMap}, tombstones, retention.
 * Not API: may change in any release.
 */
@NullMarked
package io.github.omnictx.core.engine.privacy;

import org.jspecify.annotations.NullMarked;
