package io.github.omnictx.core.engine.identity;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.engine.customer.Tombstones;
import io.github.omnictx.core.event.CustomerCreated;
import io.github.omnictx.core.event.CustomerUpdated;
import io.github.omnictx.core.event.CustomersMerged;
import io.github.omnictx.core.event.IdentityLinked;
import io.github.omnictx.core.event.IdentityUnlinked;
import io.github.omnictx.core.event.MergeReversed;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityConflictException;
import io.github.omnictx.core.identity.IdentityRules;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.identity.RefusedIdentity;
import io.github.omnictx.core.identity.service.Identities;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.identity.service.Resolution;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.spi.StoreTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The {@link Identities} service. Not API. Thread-safe. */
public final class IdentityService implements Identities {
  private static final String DEFAULT_CAUSE = "resolve";

  private final UnitOfWork uow;
  private final IdentityRules rules;
  private final Tombstones tombstones;

  /**
   * @param uow the tenant's units of work
   * @param rules the tenant's identity rules
   */
  public IdentityService(UnitOfWork uow, IdentityRules rules) {
    this(uow, rules, Tombstones.none());
  }

  /**
   * @param uow the tenant's units of work
   * @param rules the tenant's identity rules
   * @param tombstones the erased identities, which are neither resolved nor linked
   */
  public IdentityService(UnitOfWork uow, IdentityRules rules, Tombstones tombstones) {
    this.uow = uow;
    this.rules = Checks.notNull(rules, "rules");
    this.tombstones = Checks.notNull(tombstones, "tombstones");
  }

  /**
   * Whether any of the identities was erased and is held back by a tombstone.
   *
   * @param identities the identities, e.g. a webhook event's sender
   * @return whether one of them is tombstoned
   */
  public boolean erased(java.util.Collection<Identity> identities) {
    return tombstones.enabled() && uow.read(tx -> tombstones.any(tx, identities));
  }

  @Override
  public IdentityRules rules() {
    return rules;
  }

  @Override
  public Resolution resolve(Collection<Identity> identities) {
    return resolve(identities, DEFAULT_CAUSE);
  }

  @Override
  public Resolution resolve(Collection<Identity> identities, String cause) {
    Checked checked = check(identities, cause);
    return uow.write((tx, events) ->
        resolveIn(tx, events, checked.accepted(), checked.blocked(), checked.cause()));
  }

  /**
   * Resolves inside a caller's unit of work (the webhook pipeline resolves the sender and records
   * the message in one, so a failure leaves neither).
   *
   * @param tx the unit of work
   * @param events where committed events are collected
   * @param identities the identities seen
   * @param cause what caused the resolution
   * @return the resolution
   * @throws InvalidInputException as {@link #resolve(Collection, String)}
   * @throws io.github.omnictx.core.ConcurrentUpdateException when it lost a race; the caller's unit of
   *     work runs again
   */
  public Resolution resolveIn(StoreTransaction tx, List<OmniEvent> events, Collection<Identity> identities, String cause) {
    Checked checked = check(identities, cause);
    return resolveIn(tx, events, checked.accepted(), checked.blocked(), checked.cause());
  }

  private record Checked(TreeSet<Identity> accepted, List<RefusedIdentity> blocked, String cause) {}

  private Checked check(Collection<Identity> identities, String cause) {
    Checks.required(identities, "identities");
    String why = cause(cause);
    if (identities.isEmpty()) {
      throw new InvalidInputException("identities", "identities must name at least one identity, was: []");
    }
    TreeSet<Identity> accepted = new TreeSet<>(rules.rank());
    List<RefusedIdentity> blocked = new ArrayList<>();
    for (Identity i : identities) {
      if (i == null) {
        throw new InvalidInputException("identities", "identities must not contain null, was: " + identities);
      }
      if (rules.isBlocked(i)) {
        if (blocked.stream().noneMatch(r -> r.identity().equals(i))) {
          blocked.add(new RefusedIdentity(i, RefusedIdentity.Reason.BLOCKED,
              i + " is blocked by the tenant's identity rules"));
        }
      } else {
        accepted.add(i);
      }
    }
    if (accepted.isEmpty()) {
      throw new InvalidInputException("identities",
          "every identity is blocked by the tenant's identity rules, nothing to recognise the person by, was: "
              + identities);
    }
    blocked.sort((a, b) -> rules.rank().compare(a.identity(), b.identity()));
    return new Checked(accepted, blocked, why);
  }

  private Resolution resolveIn(StoreTransaction tx, List<OmniEvent> events, TreeSet<Identity> accepted,
      List<RefusedIdentity> blocked, String cause) {
    Instant now = uow.now();
    List<RefusedIdentity> refused = new ArrayList<>(blocked);
    // The holders come read in full, in one round trip where the store can: the customer found
    // here is the one the message is recorded for, never read again. A holder is live (a merge
    // moves the identities to the survivor); the redirect is followed should one not be.
    Map<Identity, Customer> holders = tx.customers().findHolderCustomers(accepted);
    Map<CustomerId, Customer> live = new LinkedHashMap<>();
    Map<Identity, Customer> holderOf = new LinkedHashMap<>();
    List<Identity> unknown = new ArrayList<>();
    for (Identity i : accepted) {
      Customer h = holders.get(i);
      if (h == null) {
        unknown.add(i);
      } else {
        Customer c = h.isLive() ? h : MergeGroups.live(tx, h.id());
        holderOf.put(i, live.computeIfAbsent(c.id(), id -> c));
      }
    }
    // An erased identity is held by no one; it comes back only when its tombstone is lifted.
    tombstones.check(tx, unknown);

    if (holderOf.isEmpty()) {
      Set<Identity> take = new LinkedHashSet<>();
      for (Identity i : unknown) {
        if (rules.fits(take, List.of(i))) {
          take.add(i);
        } else {
          refused.add(limit(i, "not linked: one customer may hold at most " + rules.limit(i.kind()).getAsInt()
              + " " + i.kind() + " identities"));
        }
      }
      Customer created = Customer.builder(new CustomerId(uow.ids().next()), now).identities(take).build();
      tx.customers().insert(created);
      events.add(new CustomerCreated(uow.tenant(), now, created));
      take.forEach(i -> events.add(new IdentityLinked(uow.tenant(), now, created.id(), i)));
      return new Resolution(created, true, Optional.empty(), take, refused);
    }

    // Gather the customers in the rank order of the identities pointing at them; one that would
    // break a limit stays apart, and the identities pointing at it yield.
    List<Customer> group = new ArrayList<>();
    Set<CustomerId> inGroup = new HashSet<>();
    Set<CustomerId> apart = new HashSet<>();
    Set<Identity> groupIds = new HashSet<>();
    for (Map.Entry<Identity, Customer> e : holderOf.entrySet()) {
      Customer c = e.getValue();
      if (inGroup.contains(c.id())) {
        continue;
      }
      if (!apart.contains(c.id()) && (group.isEmpty() || rules.fits(groupIds, c.identities()))) {
        group.add(c);
        inGroup.add(c.id());
        groupIds.addAll(c.identities());
      } else {
        apart.add(c.id());
        refused.add(limit(e.getKey(), "held by customer " + c.id() + ", which stays apart: merging it would give one"
            + " customer more identities of a kind than the rules allow"));
      }
    }
    Set<Identity> linked = new LinkedHashSet<>();
    for (Identity i : unknown) {
      if (rules.fits(groupIds, List.of(i))) {
        linked.add(i);
        groupIds.add(i);
      } else {
        refused.add(limit(i, "not linked: one customer may hold at most " + rules.limit(i.kind()).getAsInt()
            + " " + i.kind() + " identities"));
      }
    }
    refused.sort((a, b) -> rules.rank().compare(a.identity(), b.identity()));

    if (group.size() == 1 && linked.isEmpty()) {
      return new Resolution(group.get(0), false, Optional.empty(), Set.of(), refused);
    }
    Merged merged = merge(tx, group, linked, accepted, cause, now);
    linked.forEach(i -> events.add(new IdentityLinked(uow.tenant(), now, merged.survivor.id(), i)));
    if (merged.record.isPresent()) {
      events.add(new CustomersMerged(uow.tenant(), now, merged.record.get(), merged.survivor));
    } else {
      events.add(new CustomerUpdated(uow.tenant(), now, merged.survivor));
    }
    return new Resolution(merged.survivor, false, merged.record, linked, refused);
  }

  private static RefusedIdentity limit(Identity i, String detail) {
    return new RefusedIdentity(i, RefusedIdentity.Reason.LIMIT, detail);
  }

  private record Merged(Customer survivor, Optional<MergeRecord> record) {}

  /** Merges live customers (and links new identities) in the current unit of work. */
  private Merged merge(StoreTransaction tx, List<Customer> group, Collection<Identity> newIdentities,
      Collection<Identity> eventIdentities, String cause, Instant now) {
    List<Customer> sorted = new ArrayList<>(group);
    sorted.sort(CustomerMerging.SURVIVOR_ORDER);
    Customer survivor = sorted.get(0);
    List<Customer> absorbed = sorted.subList(1, sorted.size());
    Set<Identity> all = new HashSet<>(survivor.identities());
    absorbed.forEach(a -> all.addAll(a.identities()));
    all.addAll(newIdentities);
    Customer after = Checks.input("customer", () -> CustomerMerging.mergeInto(survivor.toBuilder(), survivor, absorbed)
        .identities(all).version(survivor.version() + 1).updatedAt(later(now, survivor.updatedAt())).build());
    for (Customer a : absorbed) {
      tx.customers().update(a.toBuilder().identities(List.of()).mergedInto(survivor.id()).version(a.version() + 1)
          .updatedAt(later(now, a.updatedAt())).build(), a.version());
    }
    tx.customers().update(after, survivor.version());
    if (absorbed.isEmpty()) {
      return new Merged(after, Optional.empty());
    }
    List<CustomerId> absorbedIds = new ArrayList<>();
    absorbed.forEach(a -> absorbedIds.add(a.id()));
    MergeRecord record = new MergeRecord(new MergeId(uow.ids().next()), survivor.id(), absorbedIds, survivor,
        absorbed, after, Set.copyOf(eventIdentities), cause, now, Optional.empty());
    tx.mergeJournal().insert(record);
    return new Merged(after, Optional.of(record));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isBefore(b) ? b : a;
  }

  private static String cause(String cause) {
    Checks.required(cause, "cause");
    return Checks.input("cause", () -> Checks.maxLength(Checks.notBlank(cause, "cause").strip(),
        MergeRecord.MAX_CAUSE_LENGTH, "cause"));
  }

  @Override
  public Customer link(CustomerId customer, Identity identity) {
    Checks.required(customer, "customer");
    Checks.required(identity, "identity");
    if (rules.isBlocked(identity)) {
      throw new InvalidInputException("identity", "identity " + identity + " is blocked by the tenant's identity rules");
    }
    return uow.write((tx, events) -> {
      Customer c = MergeGroups.live(tx, customer);
      if (c.identities().contains(identity)) {
        return c;
      }
      CustomerId holder = tx.customers().findHolders(List.of(identity)).get(identity);
      if (holder == null) {
        tombstones.check(tx, List.of(identity));
      }
      if (holder != null) {
        throw new IdentityConflictException("identity " + identity + " is held by customer " + holder
            + "; merge the customers, or unlink it there first");
      }
      if (!rules.fits(c.identities(), List.of(identity))) {
        throw new IdentityConflictException("customer " + c.id() + " may hold at most "
            + rules.limit(identity.kind()).getAsInt() + " " + identity.kind() + " identities; unlink one first");
      }
      Instant now = uow.now();
      Customer next = c.toBuilder().identity(identity).version(c.version() + 1).updatedAt(later(now, c.updatedAt()))
          .build();
      tx.customers().update(next, c.version());
      events.add(new IdentityLinked(uow.tenant(), now, next.id(), identity));
      events.add(new CustomerUpdated(uow.tenant(), now, next));
      return next;
    });
  }

  @Override
  public Customer unlink(CustomerId customer, Identity identity) {
    Checks.required(customer, "customer");
    Checks.required(identity, "identity");
    return uow.write((tx, events) -> {
      Customer c = MergeGroups.live(tx, customer);
      if (!c.identities().contains(identity)) {
        throw new NotFoundException("identity of customer " + c.id(), identity.toString());
      }
      Instant now = uow.now();
      Customer next = c.toBuilder().removeIdentity(identity).version(c.version() + 1)
          .updatedAt(later(now, c.updatedAt())).build();
      tx.customers().update(next, c.version());
      events.add(new IdentityUnlinked(uow.tenant(), now, next.id(), identity));
      events.add(new CustomerUpdated(uow.tenant(), now, next));
      return next;
    });
  }

  @Override
  public MergeRecord merge(CustomerId a, CustomerId b, String cause) {
    Checks.required(a, "a");
    Checks.required(b, "b");
    String why = cause(cause);
    return uow.write((tx, events) -> {
      Customer ca = MergeGroups.live(tx, a);
      Customer cb = MergeGroups.live(tx, b);
      if (ca.id().equals(cb.id())) {
        throw new InvalidInputException("customer", "cannot merge a customer with itself: " + a + " and " + b
            + " both stand for customer " + ca.id());
      }
      if (!rules.fits(ca.identities(), cb.identities())) {
        throw new IdentityConflictException("merging customers " + ca.id() + " and " + cb.id()
            + " would give one customer more identities of a kind than the rules allow " + rules.limits()
            + "; unlink the surplus first");
      }
      Instant now = uow.now();
      Merged merged = merge(tx, List.of(ca, cb), List.of(), List.of(), why, now);
      MergeRecord record = merged.record.orElseThrow();
      events.add(new CustomersMerged(uow.tenant(), now, record, merged.survivor));
      return record;
    });
  }

  @Override
  public MergeRecord unmerge(MergeId merge) {
    Checks.required(merge, "merge");
    return uow.write((tx, events) -> {
      MergeRecord record = tx.mergeJournal().find(merge).orElseThrow(() -> new NotFoundException("merge", merge.toString()));
      if (!record.inForce()) {
        throw new IdentityConflictException("merge " + merge + " was already reversed at " + record.reversedAt().get());
      }
      List<MergeRecord> later = tx.mergeJournal().findLaterInForce(record);
      if (!later.isEmpty()) {
        List<MergeId> ids = new ArrayList<>();
        later.forEach(r -> ids.add(r.id()));
        throw new IdentityConflictException("merge " + merge + " cannot be reversed: later merges in force involve its"
            + " customers " + ids + "; reverse those first, newest first", ids);
      }
      Customer survivor = tx.customers().find(record.survivor())
          .orElseThrow(() -> new NotFoundException("customer", record.survivor().toString()));
      if (!survivor.isLive()) {
        throw new IdentityConflictException("merge " + merge + " cannot be reversed: its survivor " + survivor.id()
            + " was merged into " + survivor.mergedInto().get() + " outside the journal");
      }
      Instant now = uow.now();
      Set<Identity> survivorHolds = new HashSet<>(survivor.identities());
      List<Customer> restored = new ArrayList<>();
      for (Customer before : record.absorbedBefore()) {
        Customer current = tx.customers().find(before.id())
            .orElseThrow(() -> new NotFoundException("customer", before.id().toString()));
        if (!current.mergedInto().equals(Optional.of(survivor.id()))) {
          throw new IdentityConflictException("merge " + merge + " cannot be reversed: customer " + before.id()
              + " no longer redirects to " + survivor.id());
        }
        Set<Identity> back = new HashSet<>(before.identities());
        back.retainAll(survivorHolds);
        survivorHolds.removeAll(back);
        restored.add(before.toBuilder().identities(back).mergedInto(null).version(current.version() + 1)
            .updatedAt(later(now, current.updatedAt())).build());
      }
      Customer survivorNext = Checks.input("customer", () -> restoreSurvivor(survivor, record, survivorHolds, now));
      tx.customers().update(survivorNext, survivor.version());
      for (Customer r : restored) {
        tx.customers().update(r, r.version() - 1);
      }
      tx.mergeJournal().markReversed(merge, now);
      MergeRecord reversed = record.reversed(now);
      events.add(new MergeReversed(uow.tenant(), now, reversed, survivorNext, restored));
      return reversed;
    });
  }

  /**
   * The survivor after reversal: what it had before the merge, except where it changed since (a
   * value that differs from what the merge wrote was set later, and is kept).
   */
  private static Customer restoreSurvivor(Customer current, MergeRecord record, Set<Identity> identities,
      Instant now) {
    Customer before = record.survivorBefore();
    Customer after = record.survivorAfter();
    Customer.Builder b = current.toBuilder();
    Set<String> keys = new TreeSet<>(current.attributes().keySet());
    keys.addAll(after.attributes().keySet());
    keys.addAll(before.attributes().keySet());
    for (String k : keys) {
      Optional<String> cur = current.attribute(k);
      Optional<String> value = cur.equals(after.attribute(k)) ? before.attribute(k) : cur;
      if (value.isPresent()) {
        b.attribute(k, value.get());
      } else {
        b.removeAttribute(k);
      }
    }
    Map<String, Consent> curC = consents(current);
    Map<String, Consent> aftC = consents(after);
    Map<String, Consent> befC = consents(before);
    Set<String> consentKeys = new TreeSet<>(curC.keySet());
    consentKeys.addAll(aftC.keySet());
    consentKeys.addAll(befC.keySet());
    List<Consent> consents = new ArrayList<>();
    for (String k : consentKeys) {
      Consent value = Objects.equals(curC.get(k), aftC.get(k)) ? befC.get(k) : curC.get(k);
      if (value != null) {
        consents.add(value);
      }
    }
    b.consents(consents);
    b.preferences(current.preferences().equals(after.preferences()) ? before.preferences() : current.preferences());
    return b.identities(identities).version(current.version() + 1).updatedAt(later(now, current.updatedAt())).build();
  }

  private static Map<String, Consent> consents(Customer c) {
    Map<String, Consent> out = new TreeMap<>();
    c.consents().forEach(x -> out.put(CustomerMerging.key(x), x));
    return out;
  }

  @Override
  public Optional<MergeRecord> findMerge(MergeId merge) {
    Checks.required(merge, "merge");
    return uow.read(tx -> tx.mergeJournal().find(merge));
  }

  @Override
  public List<MergeRecord> merges(CustomerId customer) {
    Checks.required(customer, "customer");
    return uow.read(tx -> tx.mergeJournal().findByCustomer(customer));
  }
}
