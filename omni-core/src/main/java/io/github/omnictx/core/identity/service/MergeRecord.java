package io.github.omnictx.core.identity.service;

import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.MergeId;

/**
 * One entry of the merge journal: customers absorbed into a survivor, what caused it, and the
 * snapshots needed to reverse it.
 *
 * <p>The survivor is the earliest created of the customers merged, then the lowest id. {@code
 * survivorBefore} and {@code absorbedBefore} are the customers exactly as they were read just
 * before the merge; {@code survivorAfter} is the survivor as the merge wrote it. Reversal ({@code
 * identities().unmerge(id)}) compares the survivor's current state with {@code survivorAfter} to
 * tell what changed since. Immutable and thread-safe.
 *
 * @param id the merge id
 * @param survivor the customer that absorbed the others
 * @param absorbed the customers merged into the survivor, in survivor order (created, then id)
 * @param survivorBefore the survivor just before the merge
 * @param absorbedBefore each absorbed customer just before the merge, in the order of {@code absorbed}
 * @param survivorAfter the survivor as the merge wrote it
 * @param identities the identities of the event that caused it (for a manual merge, none)
 * @param cause what caused it, e.g. {@code "whatsapp:wamid.HBgL..."} or {@code "manual: agent anna.k"}
 * @param mergedAt when it was committed, at microsecond precision
 * @param reversedAt when it was reversed, empty while in force
 */
public record MergeRecord(MergeId id, CustomerId survivor, List<CustomerId> absorbed, Customer survivorBefore,
    List<Customer> absorbedBefore, Customer survivorAfter, Set<Identity> identities, String cause, Instant mergedAt,
    Optional<Instant> reversedAt) {

  /** The longest cause accepted, in characters. */
  public static final int MAX_CAUSE_LENGTH = 256;

  /** Orders records by merge time, then id: the order of the journal. */
  public static final Comparator<MergeRecord> JOURNAL_ORDER =
      Comparator.comparing(MergeRecord::mergedAt).thenComparing(MergeRecord::id);

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null, nothing was absorbed, the snapshots do not
   *     match the ids, or the cause is blank or too long
   */
  public MergeRecord {
    Checks.notNull(id, "merge id");
    Checks.notNull(survivor, "survivor");
    absorbed = List.copyOf(Checks.notNull(absorbed, "absorbed"));
    if (absorbed.isEmpty() || absorbed.contains(survivor) || new TreeSet<>(absorbed).size() != absorbed.size()) {
      throw new IllegalArgumentException("absorbed must name at least one customer other than the survivor, once each, was: "
          + absorbed);
    }
    Checks.notNull(survivorBefore, "survivorBefore");
    Checks.notNull(survivorAfter, "survivorAfter");
    if (!survivorBefore.id().equals(survivor) || !survivorAfter.id().equals(survivor)) {
      throw new IllegalArgumentException("survivor snapshots must be of " + survivor + ", were: "
          + survivorBefore.id() + ", " + survivorAfter.id());
    }
    absorbedBefore = List.copyOf(Checks.notNull(absorbedBefore, "absorbedBefore"));
    List<CustomerId> snapshotIds = new ArrayList<>();
    absorbedBefore.forEach(c -> snapshotIds.add(c.id()));
    if (!snapshotIds.equals(absorbed)) {
      throw new IllegalArgumentException("absorbedBefore must be snapshots of " + absorbed + " in that order, were: "
          + snapshotIds);
    }
    TreeSet<Identity> ids = new TreeSet<>(Comparator.comparing(Identity::kind).thenComparing(Identity::value));
    Checks.notNull(identities, "identities").forEach(i -> ids.add(Checks.notNull(i, "identity")));
    identities = Collections.unmodifiableSet(ids);
    Checks.maxLength(Checks.notBlank(cause, "cause"), MAX_CAUSE_LENGTH, "cause");
    mergedAt = Checks.micros(mergedAt, "mergedAt");
    Checks.notNull(reversedAt, "reversedAt");
    reversedAt = reversedAt.map(at -> Checks.micros(at, "reversedAt"));
    if (reversedAt.isPresent() && reversedAt.get().isBefore(mergedAt)) {
      throw new IllegalArgumentException("reversedAt " + reversedAt.get() + " is before mergedAt " + mergedAt);
    }
  }

  /** @return the survivor and every absorbed customer, survivor first */
  public List<CustomerId> customers() {
    List<CustomerId> out = new ArrayList<>();
    out.add(survivor);
    out.addAll(absorbed);
    return out;
  }

  /**
   * Whether a customer took part, as survivor or absorbed.
   *
   * @param customer the customer
   * @return {@code true} if it took part
   */
  public boolean involves(CustomerId customer) {
    return survivor.equals(customer) || absorbed.contains(customer);
  }

  /** @return {@code true} while the merge has not been reversed */
  public boolean inForce() {
    return reversedAt.isEmpty();
  }

  /**
   * This record marked reversed.
   *
   * @param at when it was reversed
   * @return the changed copy
   */
  public MergeRecord reversed(Instant at) {
    return new MergeRecord(id, survivor, absorbed, survivorBefore, absorbedBefore, survivorAfter, identities, cause,
        mergedAt, Optional.of(at));
  }
}
