package io.github.omnictx.core.internal;

import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.Agents;
import io.github.omnictx.core.routing.Presence;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The {@link Agents} service. Not API. Thread-safe. */
public final class AgentsImpl implements Agents {
  private final TenantContext ctx;
  private final ConversationEngine engine;

  /**
   * @param engine the shared conversation logic
   */
  public AgentsImpl(ConversationEngine engine) {
    this.ctx = engine.ctx;
    this.engine = engine;
  }

  @Override
  public Agent register(Agent agent) {
    Checks.required(agent, "agent");
    Agent fresh = agent.toBuilder().version(0).lastAssignedAt(null).build();
    return ctx.write((tx, events) -> {
      tx.agents().insert(fresh);
      engine.drain(tx, events, ctx.now());
      return tx.agents().find(fresh.id()).orElseThrow();
    });
  }

  @Override
  public Agent update(String agentId, UnaryOperator<Agent.Builder> change) {
    Checks.required(agentId, "agentId");
    Checks.required(change, "change");
    return engine.retrying(() -> ctx.write((tx, events) -> {
      Agent current = engine.agent(tx, agentId);
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
        engine.agentWentOffline(tx, events, agentId, ctx.now());
      }
      engine.drain(tx, events, ctx.now());
      return tx.agents().find(agentId).orElseThrow();
    }));
  }

  @Override
  public Agent setPresence(String agentId, Presence presence) {
    Checks.required(presence, "presence");
    return update(agentId, b -> b.presence(presence));
  }

  @Override
  public Optional<Agent> find(String agentId) {
    Checks.required(agentId, "agentId");
    return ctx.read(tx -> tx.agents().find(agentId));
  }

  @Override
  public Agent get(String agentId) {
    return find(agentId).orElseThrow(() -> new NotFoundException("agent", agentId));
  }

  @Override
  public List<Agent> list() {
    return ctx.read(tx -> tx.agents().findAll());
  }

  @Override
  public Map<ChannelKind, Integer> load(String agentId) {
    Checks.required(agentId, "agentId");
    return ctx.read(tx -> {
      engine.agent(tx, agentId);
      return Map.copyOf(engine.load(tx, agentId));
    });
  }
}
