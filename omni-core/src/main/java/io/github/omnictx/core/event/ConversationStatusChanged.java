package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationStatus;
import java.time.Instant;

/**
 * A conversation's status changed (pending, snoozed, resolved, closed, reopened, woken).
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param conversation the conversation after the change
 * @param from the status before
 */
public record ConversationStatusChanged(TenantId tenant, Instant at, Conversation conversation,
    ConversationStatus from) implements OmniEvent {}
