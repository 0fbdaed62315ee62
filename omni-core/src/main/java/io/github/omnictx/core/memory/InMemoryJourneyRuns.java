package io.github.omnictx.core.memory;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.journey.JourneyRun;
import io.github.omnictx.core.journey.JourneyRunId;
import io.github.omnictx.core.spi.JourneyRunRepository;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Journey runs by id, with the unique (journey, correlation key, sequence) index. */
final class InMemoryJourneyRuns implements JourneyRunRepository {
  private static final Comparator<JourneyRun> OLDEST_FIRST =
      Comparator.comparing(JourneyRun::startedAt).thenComparing(JourneyRun::id);

  private final InMemoryTransaction tx;
  private final TenantData d;
  private final UndoLog undo;

  InMemoryJourneyRuns(InMemoryTransaction tx) {
    this.tx = tx;
    this.d = tx.data();
    this.undo = tx.undo();
  }

  /** The unique key of a run: the parts cannot contain a NUL. */
  static String key(String journey, String correlationKey, int sequence) {
    return journey + '\0' + correlationKey + '\0' + sequence;
  }

  @Override
  public void insert(JourneyRun run) {
    tx.checkOpen();
    String key = key(run.journey(), run.correlationKey(), run.sequence());
    if (d.runs.containsKey(run.id())) {
      throw new ConcurrentUpdateException("journey run " + run.id() + " already exists");
    }
    if (d.runKeys.containsKey(key)) {
      throw new ConcurrentUpdateException("journey " + run.journey() + " run " + run.sequence() + " for "
          + run.correlationKey() + " was started concurrently");
    }
    undo.put(d.runs, run.id(), run);
    undo.put(d.runKeys, key, run.id());
  }

  @Override
  public Optional<JourneyRun> find(JourneyRunId id) {
    tx.checkOpen();
    return Optional.ofNullable(d.runs.get(id));
  }

  @Override
  public Optional<JourneyRun> findLatest(String journey, String correlationKey) {
    tx.checkOpen();
    return d.runs.values().stream().filter(r -> r.journey().equals(journey) && r.correlationKey().equals(correlationKey))
        .max(Comparator.comparingInt(JourneyRun::sequence));
  }

  @Override
  public List<JourneyRun> findActive(Collection<CustomerId> customers) {
    tx.checkOpen();
    return d.runs.values().stream().filter(r -> !r.status().ended() && customers.contains(r.customer()))
        .sorted(OLDEST_FIRST).toList();
  }

  @Override
  public List<JourneyRun> findByCustomers(Collection<CustomerId> customers, int limit) {
    tx.checkOpen();
    return d.runs.values().stream().filter(r -> customers.contains(r.customer())).sorted(OLDEST_FIRST.reversed())
        .limit(limit).toList();
  }

  @Override
  public void update(JourneyRun run, long expectedVersion) {
    tx.checkOpen();
    JourneyRun current = d.runs.get(run.id());
    if (current == null) {
      throw new ConcurrentUpdateException("journey run " + run.id() + " does not exist");
    }
    if (current.version() != expectedVersion) {
      throw new ConcurrentUpdateException("journey run " + run.id() + " is at version " + current.version()
          + ", expected " + expectedVersion);
    }
    undo.put(d.runs, run.id(), run);
  }

  @Override
  public int deleteByCustomers(Collection<CustomerId> customers) {
    tx.checkOpen();
    List<JourneyRun> gone = d.runs.values().stream().filter(r -> customers.contains(r.customer())).toList();
    for (JourneyRun r : gone) {
      undo.remove(d.runs, r.id());
      undo.remove(d.runKeys, key(r.journey(), r.correlationKey(), r.sequence()));
    }
    return gone.size();
  }
}
