package io.github.omnictx.core.memory;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.spi.AgentRepository;
import java.util.List;
import java.util.Optional;

/**
 * Agents in id order; updates compare versions. Reads are repeatable without help: no other unit
 * of work changes the tenant's data while this one holds its lock.
 */
final class InMemoryAgents implements AgentRepository {
  private final InMemoryTransaction tx;
  private final TenantData d;
  private final UndoLog undo;

  InMemoryAgents(InMemoryTransaction tx) {
    this.tx = tx;
    this.d = tx.data();
    this.undo = tx.undo();
  }

  @Override
  public Optional<Agent> find(AgentId id) {
    tx.checkOpen();
    return Optional.ofNullable(d.agents.get(id));
  }

  @Override
  public List<Agent> findAll() {
    tx.checkOpen();
    return List.copyOf(d.agents.values());
  }

  @Override
  public void insert(Agent agent) {
    tx.checkOpen();
    if (d.agents.containsKey(agent.id())) {
      throw new ConcurrentUpdateException("agent " + agent.id() + " already exists");
    }
    undo.put(d.agents, agent.id(), agent);
  }

  @Override
  public void update(Agent agent, long expectedVersion) {
    tx.checkOpen();
    Agent current = d.agents.get(agent.id());
    if (current == null) {
      throw new ConcurrentUpdateException("agent " + agent.id() + " does not exist");
    }
    if (current.version() != expectedVersion) {
      throw new ConcurrentUpdateException("agent " + agent.id() + " is at version " + current.version()
          + ", expected " + expectedVersion);
    }
    undo.put(d.agents, agent.id(), agent);
  }
}
