package io.github.omnictx.core.spi;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.outbound.DecisionId;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundProgress;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbound decisions of one tenant, each with its progress. A decision is written once, whole
 * (every field of {@link OutboundDecision} must read back equal), under a unique key on the dedup
 * key: two units of work deciding for one key at once meet there, and the loser gets {@link
 * ConcurrentUpdateException} (run again, it finds the winner's decision). The progress changes
 * compare-and-set on its version.
 *
 * <p>Obtained from a {@link StoreTransaction} and valid only inside its unit of work; not
 * thread-safe.
 */
public interface OutboundRepository {

  /**
   * Writes a new decision with its first progress.
   *
   * @param decision the decision
   * @param progress its progress, at version 0
   * @throws ConcurrentUpdateException if its id or dedup key is taken in this tenant
   */
  void insert(OutboundDecision decision, OutboundProgress progress);

  /**
   * @param id the decision id
   * @return the decision, if in this tenant
   */
  Optional<OutboundDecision> find(DecisionId id);

  /**
   * @param dedupKey the dedup key (exact, case-sensitive)
   * @return the decision made under it, if any
   */
  Optional<OutboundDecision> findByDedupKey(String dedupKey);

  /**
   * Lists the decisions of some customers, newest first ({@code decidedAt} descending, then id
   * descending).
   *
   * @param customers the customers (a survivor and everyone merged into it)
   * @param limit the most to return, at least 1
   * @return the decisions
   */
  List<OutboundDecision> findByCustomers(Collection<CustomerId> customers, int limit);

  /**
   * @param id the decision id
   * @return its progress, if the decision is in this tenant
   */
  Optional<OutboundProgress> findProgress(DecisionId id);

  /**
   * Replaces a decision's progress if it is still at the expected version.
   *
   * @param progress the new progress, at version {@code expectedVersion + 1}
   * @param expectedVersion the version the caller read
   * @throws ConcurrentUpdateException if the stored version differs or the decision does not exist
   */
  void updateProgress(OutboundProgress progress, long expectedVersion);

  /**
   * Counts, per first-step channel, the decisions of some customers that send (queued or deferred)
   * for a purpose with their first step due in {@code [from, until)}: what frequency caps count.
   *
   * @param customers the customers
   * @param purpose the purpose
   * @param from inclusive start
   * @param until exclusive end
   * @return the counts of the channels that have any
   */
  Map<ChannelId, Integer> countSending(Collection<CustomerId> customers, Purpose purpose, Instant from, Instant until);
}
