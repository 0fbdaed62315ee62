package io.github.omnictx.core.engine.routing;

import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.Agents;
import io.github.omnictx.core.routing.Presence;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The {@link Agents} service. Not API. Thread-safe. */
public final class AgentService implements Agents {
  private final UnitOfWork uow;
  private final Dispatcher dispatcher;

  /**
   * @param uow the tenant's units of work
   * @param dispatcher routing
   */
  public AgentService(UnitOfWork uow, Dispatcher dispatcher) {
    this.uow = uow;
    this.dispatcher = dispatcher;
  }

  @Override
  public Agent register(Agent agent) {
    Checks.required(agent, "agent");
    Agent fresh = agent.toBuilder().version(0).lastAssignedAt(null).build();
    // The id is the caller's: an agent already registered under it is the answer, not a race.
    return uow.writeOnce((tx, events) -> {
      tx.agents().insert(fresh);
      dispatcher.drain(tx, events, uow.now());
      return tx.agents().find(fresh.id()).orElseThrow();
    });
  }

  @Override
  public Agent update(AgentId agentId, UnaryOperator<Agent.Builder> change) {
    Checks.required(agentId, "agentId");
    Checks.required(change, "change");
    return uow.write((tx, events) -> {
      Agent current = Dispatcher.agent(tx, agentId);
      Agent next = Checks.input("agent", () -> {
        Agent.Builder b = change.apply(current.toBuilder());
        if (b == null) {
          throw new IllegalArgumentException("change must return the builder it was given");
        }
        Agent built = b.build();
        if (!built.id().equals(agentId)) {
          throw new IllegalArgumentException("change must not change the agent id, was: " + built.id());
        }
        return built.toBuilder().lastAssignedAt(current.lastAssignedAt().orElse(null))
            .version(current.version() + 1).build();
      });
      tx.agents().update(next, current.version());
      if (next.presence() == Presence.OFFLINE && current.presence() != Presence.OFFLINE) {
        dispatcher.agentWentOffline(tx, events, agentId, uow.now());
      }
      dispatcher.drain(tx, events, uow.now());
      return tx.agents().find(agentId).orElseThrow();
    });
  }

  @Override
  public Agent setPresence(AgentId agentId, Presence presence) {
    Checks.required(presence, "presence");
    return update(agentId, b -> b.presence(presence));
  }

  @Override
  public Optional<Agent> find(AgentId agentId) {
    Checks.required(agentId, "agentId");
    return uow.read(tx -> tx.agents().find(agentId));
  }

  @Override
  public Agent get(AgentId agentId) {
    return find(agentId).orElseThrow(() -> new NotFoundException("agent", agentId.value()));
  }

  @Override
  public List<Agent> list() {
    return uow.read(tx -> tx.agents().findAll());
  }

  @Override
  public Map<ChannelKind, Integer> load(AgentId agentId) {
    Checks.required(agentId, "agentId");
    return uow.read(tx -> {
      Dispatcher.agent(tx, agentId);
      return Map.copyOf(dispatcher.load(tx, agentId));
    });
  }
}
