package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.spi.AgentRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Agents in {@code <prefix>agents}, kept whole as JSON beside their id and version.
 *
 * <p>Reads are repeatable within the unit of work: the first read of an agent fixes what later
 * reads here return (until this unit writes it). Routing reads an agent, counts its load, then
 * compare-and-sets the agent's version; under READ COMMITTED a second read could already show a
 * concurrent assignment's new version while the load was counted before it, and the CAS would
 * pass with a stale count. With the first-read version the CAS fails instead, and the service
 * retries. Likewise the first listing of all agents answers later ones (with what this unit wrote
 * since): a delivery of many first messages asks routing once per message.
 */
final class JdbcAgents implements AgentRepository {
  private final JdbcTransaction tx;
  private final Sql db;
  private final String table;
  private final String t;
  private final Map<AgentId, Optional<Agent>> seen = new HashMap<>();
  private boolean listed;

  JdbcAgents(JdbcTransaction tx) {
    this.tx = tx;
    this.db = tx.db();
    this.table = tx.statements().agents;
    this.t = tx.tenant().value();
  }

  @Override
  public Optional<Agent> find(AgentId id) {
    tx.checkOpen();
    Optional<Agent> known = seen.get(id);
    if (known != null) {
      return known;
    }
    Optional<Agent> read = read(id);
    seen.put(id, read);
    return read;
  }

  private Optional<Agent> read(AgentId id) {
    return db.first("reading agent " + id, "SELECT agent FROM " + table + " WHERE tenant = ? AND id = ?",
        p -> p.string(t).string(id.value()), rs -> RoutingJson.agent(rs.getString(1)));
  }

  @Override
  public List<Agent> findAll() {
    tx.checkOpen();
    if (listed) {
      List<Agent> known = new ArrayList<>();
      seen.values().forEach(a -> a.ifPresent(known::add));
      known.sort(Comparator.comparing(Agent::id));
      return known;
    }
    List<Agent> out = db.list("listing agents", "SELECT agent FROM " + table + " WHERE tenant = ?", p -> p.string(t),
        rs -> {
          Agent a = RoutingJson.agent(rs.getString(1));
          Optional<Agent> known = seen.get(a.id());
          if (known != null && known.isPresent()) {
            return known.get();
          }
          seen.put(a.id(), Optional.of(a));
          return a;
        });
    out.sort(Comparator.comparing(Agent::id)); // AgentId order (Java String order), whatever the database collation
    listed = true;
    return out;
  }

  @Override
  public void insert(Agent agent) {
    tx.checkOpen();
    tx.store().checkLength("agents.id", agent.id().value());
    db.update("inserting agent " + agent.id(), "INSERT INTO " + table + " (tenant, id, version, agent) VALUES (?, ?, ?, ?)",
        p -> p.string(t).string(agent.id().value()).bigint(agent.version()).string(RoutingJson.agent(agent)),
        () -> "agent " + agent.id() + " already exists");
    seen.put(agent.id(), Optional.of(agent));
  }

  @Override
  public void update(Agent agent, long expectedVersion) {
    tx.checkOpen();
    int changed = db.update("updating agent " + agent.id(),
        "UPDATE " + table + " SET version = ?, agent = ? WHERE tenant = ? AND id = ? AND version = ?",
        p -> p.bigint(agent.version()).string(RoutingJson.agent(agent)).string(t).string(agent.id().value())
            .bigint(expectedVersion));
    if (changed == 1) {
      seen.put(agent.id(), Optional.of(agent));
      return;
    }
    throw SqlErrors.staleVersion("agent", agent.id().value(), read(agent.id()).map(Agent::version), expectedVersion);
  }
}
