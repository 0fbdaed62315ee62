/**
 * Service implementations and helpers shared across packages. Not API: may change in any release.
 */
@NullMarked
package io.github.omnictx.core.internal;

import org.jspecify.annotations.NullMarked;
