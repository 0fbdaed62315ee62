package io.github.omnictx.core.spi;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.routing.Agent;
import java.util.List;
import java.util.Optional;

/**
 * Agents of one tenant, keyed by their id, with optimistic locking on their version. Every
 * assignment of a conversation to an agent also updates the agent (its {@code lastAssignedAt} and
 * version) in the same unit of work, so two concurrent units of work assigning to one agent
 * conflict on {@link #update} and one retries: that keeps capacity exact on databases that run
 * units of work concurrently.
 *
 * <p>Every field of {@link Agent} must round-trip exactly, including the capacity of every
 * channel kind and the sorted skill and language sets.
 *
 * <p>Obtained from a {@link StoreTransaction} and valid only inside its unit of work; not
 * thread-safe.
 */
public interface AgentRepository {

  /**
   * Finds an agent.
   *
   * @param id the agent id (case-sensitive)
   * @return the agent, if registered in this tenant
   */
  Optional<Agent> find(AgentId id);

  /**
   * Lists every agent of the tenant, by id ascending ({@link AgentId}'s order: Java {@code String}
   * order of the ids, which are ASCII).
   *
   * @return the agents
   */
  List<Agent> findAll();

  /**
   * Inserts a new agent.
   *
   * @param agent the agent, at version 0
   * @throws ConcurrentUpdateException if an agent with the id exists
   */
  void insert(Agent agent);

  /**
   * Replaces an agent if it is still at the expected version (compare-and-set).
   *
   * @param agent the new state, at version {@code expectedVersion + 1}
   * @param expectedVersion the version the caller read
   * @throws ConcurrentUpdateException if the stored version differs or it does not exist
   */
  void update(Agent agent, long expectedVersion);
}
