/**
 * Conversations: one subject handled over time and channels, with status, owner and SLA times.
 */
@NullMarked
package io.github.omnictx.core.conversation;

import org.jspecify.annotations.NullMarked;
