package io.github.omnictx.core.memory;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.outbound.DecisionId;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundProgress;
import io.github.omnictx.core.spi.OutboundRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Outbound decisions by id and by dedup key, with their progress; frequency counts scan them. */
final class InMemoryOutbound implements OutboundRepository {
  private final InMemoryTransaction tx;
  private final TenantData d;
  private final UndoLog undo;

  InMemoryOutbound(InMemoryTransaction tx) {
    this.tx = tx;
    this.d = tx.data();
    this.undo = tx.undo();
  }

  @Override
  public void insert(OutboundDecision decision, OutboundProgress progress) {
    tx.checkOpen();
    if (d.decisions.containsKey(decision.id())) {
      throw new ConcurrentUpdateException("decision " + decision.id() + " already exists");
    }
    if (d.decisionsByKey.containsKey(decision.dedupKey())) {
      throw new ConcurrentUpdateException("dedup key " + decision.dedupKey() + " was decided concurrently");
    }
    undo.put(d.decisions, decision.id(), decision);
    undo.put(d.decisionsByKey, decision.dedupKey(), decision.id());
    undo.put(d.progress, decision.id(), progress);
  }

  @Override
  public Optional<OutboundDecision> find(DecisionId id) {
    tx.checkOpen();
    return Optional.ofNullable(d.decisions.get(id));
  }

  @Override
  public Optional<OutboundDecision> findByDedupKey(String dedupKey) {
    tx.checkOpen();
    DecisionId id = d.decisionsByKey.get(dedupKey);
    return id == null ? Optional.empty() : Optional.ofNullable(d.decisions.get(id));
  }

  @Override
  public List<OutboundDecision> findByCustomers(Collection<CustomerId> customers, int limit) {
    tx.checkOpen();
    return d.decisions.values().stream().filter(x -> customers.contains(x.customer()))
        .sorted(Comparator.comparing(OutboundDecision::decidedAt).thenComparing(OutboundDecision::id).reversed())
        .limit(limit).toList();
  }

  @Override
  public Optional<OutboundProgress> findProgress(DecisionId id) {
    tx.checkOpen();
    return Optional.ofNullable(d.progress.get(id));
  }

  @Override
  public void updateProgress(OutboundProgress progress, long expectedVersion) {
    tx.checkOpen();
    OutboundProgress current = d.progress.get(progress.decision());
    if (current == null) {
      throw new ConcurrentUpdateException("decision " + progress.decision() + " does not exist");
    }
    if (current.version() != expectedVersion) {
      throw new ConcurrentUpdateException("progress of decision " + progress.decision() + " is at version "
          + current.version() + ", expected " + expectedVersion);
    }
    undo.put(d.progress, progress.decision(), progress);
  }

  @Override
  public Map<ChannelId, Integer> countSending(Collection<CustomerId> customers, Purpose purpose, Instant from,
      Instant until) {
    tx.checkOpen();
    Map<ChannelId, Integer> out = new HashMap<>();
    for (OutboundDecision x : d.decisions.values()) {
      if (x.sends() && x.purpose() == purpose && customers.contains(x.customer())) {
        Instant due = x.dueAt().orElseThrow();
        if (!due.isBefore(from) && due.isBefore(until)) {
          out.merge(x.channel().orElseThrow(), 1, Integer::sum);
        }
      }
    }
    return out;
  }
}
