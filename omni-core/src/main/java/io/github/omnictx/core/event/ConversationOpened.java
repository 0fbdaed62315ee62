package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.conversation.Conversation;
import java.time.Instant;

/**
 * A new conversation was opened by an inbound touchpoint.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param conversation the conversation as opened
 */
public record ConversationOpened(TenantId tenant, Instant at, Conversation conversation) implements OmniEvent {}
