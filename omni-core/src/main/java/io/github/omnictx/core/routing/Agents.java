package io.github.omnictx.core.routing;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.conversation.AgentId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A tenant's agents: profiles, presence and load. Obtained from {@code omni.tenant(t).agents()}.
 * Every change that can give an agent room (registering, becoming available, more capacity) routes
 * waiting conversations in the same unit of work. Thread-safe.
 *
 * <p>A write that loses a race to a concurrent one (a {@code ConcurrentUpdateException} from the
 * store) is rolled back and run again from the start, as the {@code RetryPolicy} set on {@code
 * Omni.builder().retryPolicy(...)} allows; only when every attempt lost does the exception reach
 * the caller, with nothing changed.
 */
public interface Agents {

  /**
   * Registers a new agent (its version and last-assignment time are ignored).
   *
   * @param agent the profile
   * @return the stored agent
   * @throws ConcurrentUpdateException if an agent with this id exists (not retried: that is the
   *     answer), or the routing pass lost a race; nothing changed
   */
  Agent register(Agent agent);

  /**
   * Changes an agent's profile (skills, languages, capacity, name, presence), then routes the
   * queue; a change to {@link Presence#OFFLINE} acts as {@link #setPresence} describes.
   *
   * @param agentId the agent
   * @param change applied to a builder holding the current profile
   * @return the new state
   * @throws NotFoundException if the agent does not exist
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Agent update(AgentId agentId, UnaryOperator<Agent.Builder> change);

  /**
   * Sets an agent's presence. Going {@link Presence#OFFLINE} hands the agent's active
   * conversations back to the default queue, routed at once (each with a {@code HandoffReleased}
   * event); going {@link Presence#AWAY} keeps them with the agent. Becoming available routes the
   * queue.
   *
   * @param agentId the agent
   * @param presence the presence
   * @return the new state
   * @throws NotFoundException if the agent does not exist
   * @throws ConcurrentUpdateException if every attempt the retry policy allows lost a race to a
   *     concurrent change; nothing changed
   */
  Agent setPresence(AgentId agentId, Presence presence);

  /**
   * @param agentId the agent
   * @return the agent, if registered
   */
  Optional<Agent> find(AgentId agentId);

  /**
   * @param agentId the agent
   * @return the agent
   * @throws NotFoundException if not registered
   */
  Agent get(AgentId agentId);

  /** @return every agent, in id order */
  List<Agent> list();

  /**
   * How many active conversations an agent holds, per channel kind (kinds with none are absent).
   *
   * @param agentId the agent
   * @return the load
   * @throws NotFoundException if not registered
   */
  Map<ChannelKind, Integer> load(AgentId agentId);
}
