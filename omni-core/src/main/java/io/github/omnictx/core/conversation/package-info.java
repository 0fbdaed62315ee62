/**
 * Conversations: one subject handled over time and channels, with status, owner and SLA times, and
 * the tenant's {@link io.github.omnictx.core.conversation.ConversationPolicy}. The service that
 * receives messages into them and drives their lifecycle, {@link
 * io.github.omnictx.core.conversation.service.Conversations}, sits in {@code conversation.service}.
 */
@NullMarked
package io.github.omnictx.core.conversation;

import org.jspecify.annotations.NullMarked;
