package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.AgentId;
import java.time.Instant;

/**
 * An agent gave control of a conversation back to a bot or a queue.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param conversation the conversation after the release
 * @param agent the agent who released it
 */
public record HandoffReleased(TenantId tenant, Instant at, Conversation conversation, AgentId agent)
    implements OmniEvent {}
