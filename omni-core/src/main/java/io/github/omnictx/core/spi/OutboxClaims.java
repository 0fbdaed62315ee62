package io.github.omnictx.core.spi;

import io.github.omnictx.core.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The store-level side of the outbox: claiming due rows across tenants, and counting them. Rows
 * are written, completed and rescheduled inside a tenant's unit of work ({@link OutboxRepository});
 * claims cross tenants, because one dispatcher drains every tenant of a store. Obtained from {@link
 * OmniStore#outbox()}; thread-safe.
 *
 * <p><b>The claim contract.</b> A claim takes rows with {@code dueAt <= dueBy} whose lease is
 * absent or ran out, oldest {@code dueAt} first (ties in any order), at most {@code limit}, and in
 * one atomic step per row: sets the lease to the store's own clock plus the lease duration (never
 * the caller's clock: a node whose clock is wrong cannot cut a live lease short), records the
 * owner and increments the row's version. Two claims running at once never return the same row
 * while its lease lasts. A row a unit of work has written but not committed is never claimed, and
 * a row another claim holds locked is skipped, not waited for, where the database can skip locks.
 */
public interface OutboxClaims {

  /**
   * Claims due rows.
   *
   * @param request who claims, how many, for how long
   * @return the claimed rows, each with its new version (and its attempts and last error as stored)
   */
  List<OutboxRow> claim(ClaimRequest request);

  /**
   * Counts the rows, in one query.
   *
   * @param now the time rows are due by (Omni's clock)
   * @param tenants the tenants to count, empty for all
   * @return the counts
   */
  OutboxStats stats(Instant now, Set<TenantId> tenants);
}
