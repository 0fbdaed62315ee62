package io.github.omnictx.core.outbound;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Drains the store's outbox: claims due rows of every tenant (or of its {@link
 * DispatcherSettings#tenants()}) under a lease stamped by the database clock, and sends each through
 * the registered adapter of its step's channel. Obtained from {@code omni.dispatcher()}; several
 * dispatchers, in one process or on several nodes, drain one outbox at once and never hold the same
 * row.
 *
 * <p>Per row: the decision is re-read and re-checked (consent withdrawn, address gone, deadline
 * passed: the step ends without a provider call); the provider is called outside any database
 * transaction, with the step's touchpoint id as idempotency key; the outcome is recorded in the
 * row's tenant's unit of work, fenced by the version the claim gave: a dispatcher whose lease
 * another took over records nothing. Every failure is classified ({@code DeliveryException}
 * reasons; an adapter that throws anything else, such as on a garbage answer, counts as {@code
 * TEMPORARY}): retryable ones reschedule the row with exponential backoff and jitter (honouring
 * Retry-After) up to {@link DispatcherSettings#maxAttempts()}; permanent ones, a closed service
 * window and exhausted retries move the plan to its next step. A failing row never stops the others.
 *
 * <p>Thread-safe: {@link #runOnce()} may run on several threads at once.
 */
public interface OutboundDispatcher extends AutoCloseable {

  /**
   * Claims one batch of due rows and processes each. After {@link #close()} it claims nothing.
   *
   * @return what was done
   * @throws io.github.omnictx.core.StoreException if the claim itself failed (nothing was claimed)
   */
  DispatchRun runOnce();

  /**
   * Runs {@link #runOnce()} on a thread of its own: again at once while it finds full batches,
   * otherwise after the poll interval. A failing run is logged and the loop goes on.
   *
   * @param pollInterval the pause when the outbox had no full batch, 1 ms to 1 hour
   * @throws IllegalStateException if started already or closed
   */
  void start(Duration pollInterval);

  /**
   * As {@link #start(Duration)}, on the given executor (which the application owns and shuts
   * down), with one loop per {@code loops}.
   *
   * @param executor where the loops run
   * @param loops how many loops, 1-64
   * @param pollInterval the pause when the outbox had no full batch
   * @throws IllegalStateException if started already or closed
   */
  void start(ScheduledExecutorService executor, int loops, Duration pollInterval);

  /**
   * A snapshot of the queue (one aggregate query on the store) and of this dispatcher's counters.
   *
   * @return the snapshot
   */
  DispatcherStats stats();

  /** @return the settings */
  DispatcherSettings settings();

  /**
   * Stops the loops started here: no new run begins, and a run in progress stops after its current
   * row. The thread of {@link #start(Duration)} is waited for (up to 30 seconds); an application's
   * executor is left to the application. Rows claimed but not processed are claimed again when
   * their lease runs out.
   */
  @Override
  void close();
}
