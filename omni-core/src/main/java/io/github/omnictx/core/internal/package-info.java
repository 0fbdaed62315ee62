/**
 * Ground helpers shared by every package: argument checks and UUID ordering. Not API: may change in
 * any release. They import nothing of Omni but the root exceptions, so every package may use them
 * without forming a cycle.
 */
@NullMarked
package io.github.omnictx.core.internal;

import org.jspecify.annotations.NullMarked;
