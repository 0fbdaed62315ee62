package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.Participant;
import java.time.Instant;

/**
 * A conversation was given to an agent, by routing, by a supervisor or by an accepted handoff.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param conversation the conversation, owned by the agent
 * @param previousOwner who owned it before
 */
public record ConversationAssigned(TenantId tenant, Instant at, Conversation conversation, Participant previousOwner)
    implements OmniEvent {}
