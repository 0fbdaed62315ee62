package io.github.omnictx.core.spi;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.journey.JourneyRun;
import io.github.omnictx.core.journey.JourneyRunId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The journey runs of one tenant. A run is written whole (every field of {@link JourneyRun} must
 * read back equal) under a unique key on (journey, correlation key, sequence): two units of work
 * starting a run for one key at once meet there, and the loser gets {@link
 * ConcurrentUpdateException} (run again, it finds the winner's run). Changes compare-and-set on the
 * version. A run's timers are outbox rows ({@link OutboxRepository}) written in the same unit of
 * work.
 *
 * <p>Obtained from a {@link StoreTransaction} and valid only inside its unit of work; not
 * thread-safe.
 */
public interface JourneyRunRepository {

  /**
   * Writes a new run.
   *
   * @param run the run, at version 0
   * @throws ConcurrentUpdateException if its id, or its (journey, correlation key, sequence), is taken
   */
  void insert(JourneyRun run);

  /**
   * @param id the run id
   * @return the run, if in this tenant
   */
  Optional<JourneyRun> find(JourneyRunId id);

  /**
   * The latest run of a journey for a correlation key: the one with the highest sequence.
   *
   * @param journey the journey name
   * @param correlationKey the key (exact, case-sensitive)
   * @return the run, if the key had one
   */
  Optional<JourneyRun> findLatest(String journey, String correlationKey);

  /**
   * The active runs of some customers, oldest first ({@code startedAt}, then id).
   *
   * @param customers the customers (a survivor and everyone merged into it)
   * @return the runs with status {@code ACTIVE}
   */
  List<JourneyRun> findActive(Collection<CustomerId> customers);

  /**
   * The runs of some customers, newest first ({@code startedAt} descending, then id descending).
   *
   * @param customers the customers
   * @param limit the most to return, at least 1
   * @return the runs, ended ones included
   */
  List<JourneyRun> findByCustomers(Collection<CustomerId> customers, int limit);

  /**
   * Replaces a run if it is still at the expected version.
   *
   * @param run the new state, at version {@code expectedVersion + 1}
   * @param expectedVersion the version the caller read
   * @throws ConcurrentUpdateException if the stored version differs or the run does not exist
   */
  void update(JourneyRun run, long expectedVersion);

  /**
   * Deletes every run of some customers (erasing a person).
   *
   * @param customers the customers
   * @return how many runs were deleted
   */
  int deleteByCustomers(Collection<CustomerId> customers);
}
