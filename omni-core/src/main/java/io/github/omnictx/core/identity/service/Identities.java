package io.github.omnictx.core.identity.service;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityConflictException;
import io.github.omnictx.core.identity.IdentityRules;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.identity.RefusedIdentity;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Identity resolution for one tenant: which customer the identities seen in an event belong to,
 * reversible merges, and manual linking. Obtained from {@code omni.tenant(id).identities()}; look
 * customers up by identity with {@code customers().findByIdentity(...)}. Thread-safe.
 *
 * <h2>Resolution</h2>
 * <ol>
 *   <li>Identities the tenant's {@link IdentityRules} block are refused ({@link
 *       RefusedIdentity.Reason#BLOCKED}) and play no further part.
 *   <li>The rest are ranked by the rules ({@link IdentityRules#rank()}). If none is known, a new
 *       customer is created holding them (an identity that would break a limit is refused).
 *   <li>Otherwise the customers they point at are gathered in the rank order of the identities
 *       that point at them, starting with the highest-ranked one's customer: each joins the group
 *       unless the group's identities plus its own would break a limit, in which case the identity
 *       pointing at it yields ({@link RefusedIdentity.Reason#LIMIT}): it stays where it is and links
 *       nothing. Unknown identities are then added in rank order, each unless it breaks a limit.
 *   <li>A group of several customers is merged into its <b>survivor</b>: the earliest created, then
 *       the lowest id. The survivor takes every identity; attributes: the survivor's value wins, then
 *       those of the absorbed in survivor order; consents: for each channel and purpose the most
 *       restrictive answer wins ({@code REVOKED} over {@code DENIED} over {@code GRANTED}), the latest
 *       of equal ones; preferences: the survivor's unless it has none. Each absorbed customer keeps
 *       no identity and redirects to the survivor ({@link Customer#mergedInto()}); its touchpoints
 *       and conversations keep its id and are read through the survivor's group. The merge is
 *       recorded in the journal with the event's identities and cause.
 * </ol>
 *
 * <p>Without limits the grouping of identities into customers is the connected components of the
 * events' (unblocked) identities, so it does not depend on the order events arrive in. Limits
 * cannot keep that promise with merges alone (which of two CRM ids keeps a contested e-mail depends
 * on which was seen with it first); the yielding rule keeps each decision a function of the
 * identities and customers involved, and no limit is ever broken.
 *
 * <p>Every write here re-runs its unit of work when it loses a race to a concurrent one ({@code
 * ConcurrentUpdateException} from the store, e.g. its unique identity index), as the {@code
 * RetryPolicy} set on {@code Omni.builder()} allows; each run reads everything again.
 */
public interface Identities {

  /**
   * Resolves the identities seen in an event to one live customer: existing, new, or merged.
   *
   * @param identities the identities seen, at least one; duplicates are ignored
   * @param cause what the event was, recorded in the journal if it merges, e.g. {@code
   *     "whatsapp:wamid.HBgL..."}; 1-256 characters
   * @return the customer and what happened
   * @throws InvalidInputException if there is no identity, one is null, the cause is blank, or
   *     every identity is blocked; nothing changed
   * @throws io.github.omnictx.core.ConcurrentUpdateException if every attempt the retry policy allows
   *     lost a race; nothing changed
   */
  Resolution resolve(Collection<Identity> identities, String cause);

  /**
   * Resolves with the cause {@code "resolve"}.
   *
   * @param identities the identities seen
   * @return the customer and what happened
   * @throws InvalidInputException as {@link #resolve(Collection, String)}
   */
  Resolution resolve(Collection<Identity> identities);

  /**
   * Links an identity to a customer by hand. Linking one the customer holds is a no-op.
   *
   * @param customer the customer (a merged id stands for its survivor)
   * @param identity the identity
   * @return the live customer after the change
   * @throws NotFoundException if the customer does not exist
   * @throws InvalidInputException if the identity is blocked by the rules
   * @throws IdentityConflictException if another customer holds it, or it would break a limit
   * @throws io.github.omnictx.core.ConcurrentUpdateException if every attempt the retry policy allows
   *     lost a race to a concurrent change of the same customers; nothing changed
   */
  Customer link(CustomerId customer, Identity identity);

  /**
   * Unlinks an identity from a customer by hand; afterwards it points at no one.
   *
   * @param customer the customer (a merged id stands for its survivor)
   * @param identity the identity
   * @return the live customer after the change
   * @throws NotFoundException if the customer does not exist or does not hold the identity
   * @throws io.github.omnictx.core.ConcurrentUpdateException if every attempt the retry policy allows
   *     lost a race to a concurrent change of the same customers; nothing changed
   */
  Customer unlink(CustomerId customer, Identity identity);

  /**
   * Merges two customers on request, by the same survivor rule and journal as resolution.
   *
   * @param a one customer (merged ids stand for their survivors)
   * @param b the other
   * @param cause why, e.g. {@code "manual: agent anna.k, ticket 4711"}; 1-256 characters
   * @return the journal entry
   * @throws NotFoundException if either does not exist
   * @throws InvalidInputException if both stand for the same live customer (merging a customer
   *     with itself), or the cause is blank
   * @throws IdentityConflictException if the merged customer would break a limit
   * @throws io.github.omnictx.core.ConcurrentUpdateException if every attempt the retry policy allows
   *     lost a race to a concurrent change of the same customers; nothing changed
   */
  MergeRecord merge(CustomerId a, CustomerId b, String cause);

  /**
   * Reverses a merge: each absorbed customer is live again with the identities, attributes,
   * consents and preferences it had before (identities only those the survivor still holds; ones
   * unlinked since stay unlinked), and its own touchpoints and conversations, which never moved.
   * The survivor keeps what it had before plus what changed since the merge: identities linked
   * after it, attributes and consents set after it, and touchpoints and conversations recorded
   * after it (they were recorded under the survivor's id). Identities the merging event newly linked
   * stay with the survivor.
   *
   * <p>Reversal is refused, not cascaded, when a later merge in force involves any customer of this
   * one: reverse those first, newest first ({@link IdentityConflictException#blockingMerges()}).
   * Reversal does not stop the same identities merging the customers again: block or unlink the
   * identity that caused it.
   *
   * @param merge the journal entry
   * @return the entry, marked reversed
   * @throws NotFoundException if there is no such merge
   * @throws IdentityConflictException if it was already reversed, or later merges depend on it;
   *     nothing changed
   * @throws io.github.omnictx.core.ConcurrentUpdateException if every attempt the retry policy allows
   *     lost a race to a concurrent change of the same customers; nothing changed
   */
  MergeRecord unmerge(MergeId merge);

  /**
   * Finds a journal entry.
   *
   * @param merge the id
   * @return the entry, if it exists in this tenant
   */
  Optional<MergeRecord> findMerge(MergeId merge);

  /**
   * The journal entries a customer took part in, as survivor or absorbed, oldest first, reversed
   * ones included.
   *
   * @param customer the customer, as it is named in the journal (not followed to its survivor)
   * @return the entries
   */
  List<MergeRecord> merges(CustomerId customer);

  /** @return the rules this tenant resolves by */
  IdentityRules rules();
}
