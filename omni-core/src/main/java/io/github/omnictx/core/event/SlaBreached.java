package io.github.omnictx.core.event;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.conversation.Conversation;
import java.time.Instant;

/**
 * A conversation missed an SLA target. Raised once per target.
 *
 * @param tenant the tenant
 * @param at when it was committed
 * @param conversation the conversation after it was marked breached
 * @param target which target was missed
 * @param dueAt when it was due
 */
public record SlaBreached(TenantId tenant, Instant at, Conversation conversation, Target target, Instant dueAt)
    implements OmniEvent {

  /** The SLA targets. */
  public enum Target {
    /** The business's first answer. */
    FIRST_RESPONSE,
    /** Resolution. */
    RESOLUTION
  }
}
