package io.github.omnictx.core.routing;

import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/** The built-in {@link Router} strategies. Every router returned is immutable and thread-safe. */
public final class Routers {
  private Routers() {}

  /**
   * The agent with the lowest share of capacity in use for the conversation's channel kind; ties go
   * to the agent assigned least recently, then by id.
   *
   * @return the router
   */
  public static Router leastLoaded() {
    Comparator<Candidate> order = Comparator.comparingDouble(Candidate::utilisation)
        .thenComparing(Routers::lastAssigned)
        .thenComparing(c -> c.agent().id());
    return request -> request.candidates().stream().min(order).orElseThrow();
  }

  /**
   * Round robin: the agent assigned least recently (never assigned first), then by id.
   *
   * @return the router
   */
  public static Router roundRobin() {
    Comparator<Candidate> order = Comparator.comparing(Routers::lastAssigned).thenComparing(c -> c.agent().id());
    return request -> request.candidates().stream().min(order).orElseThrow();
  }

  /**
   * Sticky: the agent who served this customer last, if they took one of the customer's
   * conversations within the window and can take this one now; otherwise the fallback decides.
   * Keeps the fallback's queue order.
   *
   * @param window how long the customer stays with their agent
   * @param fallback the router for everyone else
   * @return the router
   */
  public static Router sticky(Duration window, Router fallback) {
    Checks.notNull(window, "window");
    Checks.notNull(fallback, "fallback");
    return new Router() {
      @Override
      public Candidate choose(RoutingRequest request) {
        if (request.previousAgent().isPresent() && request.previousAgentAt().isPresent()
            && !request.previousAgentAt().get().plus(window).isBefore(request.now())) {
          AgentId previous = request.previousAgent().get();
          for (Candidate c : request.candidates()) {
            if (c.agent().id().equals(previous)) {
              return c;
            }
          }
        }
        return fallback.choose(request);
      }

      @Override
      public Comparator<Conversation> queueOrder() {
        return fallback.queueOrder();
      }
    };
  }

  /**
   * Serves higher-priority conversations first, longest waiting within a priority; the delegate
   * picks the agent.
   *
   * @param delegate the router that picks agents
   * @return the router
   */
  public static Router priorityFirst(Router delegate) {
    Checks.notNull(delegate, "delegate");
    Comparator<Conversation> order =
        Comparator.comparing(Conversation::priority).reversed().thenComparing(Router.LONGEST_WAITING);
    return new Router() {
      @Override
      public Candidate choose(RoutingRequest request) {
        return delegate.choose(request);
      }

      @Override
      public Comparator<Conversation> queueOrder() {
        return order;
      }
    };
  }

  /**
   * Serves the longest-waiting conversation first whatever its priority (the default queue order);
   * the delegate picks the agent.
   *
   * @param delegate the router that picks agents
   * @return the router
   */
  public static Router longestWaitingFirst(Router delegate) {
    Checks.notNull(delegate, "delegate");
    return delegate::choose;
  }

  /**
   * The default: sticky for 30 days over least loaded, longest waiting first.
   *
   * @return the router
   */
  public static Router defaultRouter() {
    return sticky(Duration.ofDays(30), leastLoaded());
  }

  private static Instant lastAssigned(Candidate c) {
    return c.agent().lastAssignedAt().orElse(Instant.MIN);
  }
}
