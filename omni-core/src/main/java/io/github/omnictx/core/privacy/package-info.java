/**
 * Privacy: erasing and exporting everything Omni holds about a person ({@link
 * io.github.omnictx.core.privacy.Privacy}), the {@link io.github.omnictx.core.privacy.DataMap} that
 * classifies every record and field of every store and that erase and export both walk, tombstones
 * that keep erased identities from coming back, and retention of message bodies.
 */
@NullMarked
package io.github.omnictx.core.privacy;

import org.jspecify.annotations.NullMarked;
