/**
 * Not API: may change in any release. Identity resolution, manual linking, merges and their
 * reversal, and the pure rules of merging customers' state.
 */
@NullMarked
package io.github.omnictx.core.engine.identity;

import org.jspecify.annotations.NullMarked;
