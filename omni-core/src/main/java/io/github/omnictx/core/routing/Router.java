package io.github.omnictx.core.routing;

import io.github.omnictx.core.conversation.Conversation;
import java.util.Comparator;

/**
 * Chooses which agent takes a waiting conversation, and in which order waiting conversations are
 * served. Register one on {@code Omni.builder().router(...)}; {@link Routers} has the built-in
 * strategies.
 *
 * <p>Omni decides who is eligible (available, skills, language, free capacity for the channel kind),
 * so a router can never overload an agent; it only picks among the candidates, and must pick one:
 * routing is work-conserving. Implementations must be thread-safe and must not block.
 */
public interface Router {

  /** Longest waiting first: by queue time, then id. */
  Comparator<Conversation> LONGEST_WAITING = Comparator
      .comparing((Conversation c) -> c.queuedAt().orElse(c.openedAt()))
      .thenComparing(Conversation::id);

  /**
   * Picks the agent for a conversation.
   *
   * @param request the conversation and its candidates (never empty)
   * @return one of {@code request.candidates()}
   */
  Candidate choose(RoutingRequest request);

  /**
   * The order waiting conversations are served in. Default: longest waiting first.
   *
   * @return the order
   */
  default Comparator<Conversation> queueOrder() {
    return LONGEST_WAITING;
  }
}
