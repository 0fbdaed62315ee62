package io.github.omnictx.core.routing;

import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Router} chooses from: one waiting conversation and the agents who may take it.
 *
 * @param conversation the conversation
 * @param kind the kind of its last channel, whose capacity it uses
 * @param candidates the eligible agents with free capacity, in id order, never empty
 * @param previousAgent the agent who served this customer last (in any of their conversations), if any
 * @param previousAgentAt when that agent last took one of the customer's conversations
 * @param now the time of routing
 */
public record RoutingRequest(Conversation conversation, ChannelKind kind, List<Candidate> candidates,
    Optional<AgentId> previousAgent, Optional<Instant> previousAgentAt, Instant now) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null or there are no candidates
   */
  public RoutingRequest {
    Checks.notNull(conversation, "conversation");
    Checks.notNull(kind, "kind");
    candidates = List.copyOf(Checks.notNull(candidates, "candidates"));
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates must not be empty");
    }
    Checks.notNull(previousAgent, "previousAgent");
    Checks.notNull(previousAgentAt, "previousAgentAt");
    Checks.notNull(now, "now");
  }
}
