package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.Conversation;
import java.time.Instant;

/**
 * A channel joined a conversation for the first time (yesterday's web chat, today's call).
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param conversation the conversation after the join
 * @param channel the channel that joined
 */
public record ConversationJoined(TenantId tenant, Instant at, Conversation conversation, ChannelId channel)
    implements OmniEvent {}
