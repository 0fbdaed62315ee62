package io.github.omnictx.core.spi;

import io.github.omnictx.core.ConcurrentUpdateException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox rows of one tenant, inside a unit of work: new rows commit (or roll back) with the
 * records they act on; completing and rescheduling a claimed row are fenced by the version the
 * claim returned, so a dispatcher whose lease another one took over changes nothing.
 *
 * <p>Obtained from a {@link StoreTransaction} and valid only inside its unit of work; not
 * thread-safe. Completed rows are deleted (Debezium's outbox router ignores deletes).
 */
public interface OutboxRepository {

  /**
   * Writes a new row.
   *
   * @param row the row, of this unit of work's tenant, at version 0
   * @throws ConcurrentUpdateException if a row with its id exists
   * @throws IllegalArgumentException if the row belongs to another tenant
   */
  void enqueue(OutboxRow row);

  /**
   * Finds a row of this tenant.
   *
   * @param id the row id
   * @return the row as stored (lease state aside)
   */
  Optional<OutboxRow> find(UUID id);

  /**
   * Deletes a row if it is still at the version the caller's claim gave it.
   *
   * @param id the row
   * @param claimedVersion the version the claim returned
   * @return whether it was deleted; {@code false} when another claim took it over (or it is gone)
   */
  boolean complete(UUID id, long claimedVersion);

  /**
   * Gives a claimed row back for a later attempt, if it is still at the caller's version: sets its
   * due time, counts the attempt, keeps the error and ends the lease.
   *
   * @param id the row
   * @param claimedVersion the version the claim returned
   * @param dueAt when it is due again (Omni's clock)
   * @param lastError what failed, shortened to {@value OutboxRow#MAX_ERROR} characters
   * @return whether it was rescheduled; {@code false} when another claim took it over (or it is gone)
   */
  boolean reschedule(UUID id, long claimedVersion, Instant dueAt, String lastError);
}
