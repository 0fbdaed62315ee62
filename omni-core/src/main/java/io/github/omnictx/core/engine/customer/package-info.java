/**
 * Not API: may change in any release. The customers service, and merge groups: the live customer a
 * merged id stands for and the ids its history is kept under.
 */
@NullMarked
package io.github.omnictx.core.engine.customer;

import org.jspecify.annotations.NullMarked;
