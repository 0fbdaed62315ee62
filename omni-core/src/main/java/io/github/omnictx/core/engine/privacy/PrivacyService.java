package io.github.omnictx.core.engine.privacy;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.engine.UnitOfWork;
import io.github.omnictx.core.engine.customer.MergeGroups;
import io.github.omnictx.core.engine.customer.Tombstones;
import io.github.omnictx.core.event.CustomerErased;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.privacy.DataMap;
import io.github.omnictx.core.privacy.DataRecord;
import io.github.omnictx.core.privacy.ErasureReceipt;
import io.github.omnictx.core.privacy.Privacy;
import io.github.omnictx.core.privacy.RetentionRule;
import io.github.omnictx.core.spi.StoreTransaction;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erase, tombstones and retention of one tenant; export is {@link PrivacyExporter}. Erase walks
 * {@link DataMap#records()} and runs the eraser of every record an erase reaches ({@link
 * #ERASERS}); a record the map adds without one fails the erase and its tests. Not API. Thread-safe.
 */
public final class PrivacyService implements Privacy {
  private static final Logger LOG = LoggerFactory.getLogger(PrivacyService.class);
  /** The longest request id accepted. */
  static final int MAX_REQUEST_ID = 128;
  /** What a blanked handoff says instead of its reason. */
  static final String ERASED = "erased";

  /** One record kind's part of an erase: how many of the group's records it reached. */
  @FunctionalInterface
  interface Eraser {
    int erase(StoreTransaction tx, Erasure erasure);
  }

  /** What every eraser of one erase shares. */
  record Erasure(List<Customer> customers, Set<CustomerId> group, List<Conversation> conversations, Instant at,
      Tombstones tombstones) {}

  /** The erasers, by {@link DataRecord#name()}; records deleted by another record's eraser map to none. */
  static final Map<String, Optional<Eraser>> ERASERS = erasers();

  private final UnitOfWork uow;
  private final Tombstones tombstones;
  private final List<RetentionRule> retention;
  private final PrivacyExporter exporter;

  /**
   * @param uow the tenant's units of work
   * @param tombstones the tenant's tombstones (keyed)
   * @param retention the retention rules
   */
  public PrivacyService(UnitOfWork uow, Tombstones tombstones, List<RetentionRule> retention) {
    this.uow = uow;
    this.tombstones = tombstones;
    this.retention = List.copyOf(retention);
    this.exporter = new PrivacyExporter(uow);
  }

  private static Map<String, Optional<Eraser>> erasers() {
    Map<String, Optional<Eraser>> m = new LinkedHashMap<>();
    m.put("identities", Optional.of((tx, e) -> {
      List<Identity> all = new ArrayList<>();
      e.customers().forEach(c -> all.addAll(c.identities()));
      tx.privacy().addTombstones(e.tombstones().digests(all), e.at());
      return all.size(); // the rows go with their customers, below
    }));
    m.put("touchpoints", Optional.of((tx, e) -> tx.privacy().eraseTouchpoints(e.group(), e.at())));
    m.put("conversations", Optional.of((tx, e) -> {
      for (Conversation c : e.conversations()) {
        Conversation.Builder b = c.toBuilder().topic(null).version(c.version() + 1);
        c.tags().forEach(b::removeTag);
        tx.conversations().update(b.build(), c.version());
      }
      return e.conversations().size();
    }));
    m.put("handoffs", Optional.of((tx, e) -> {
      int n = 0;
      for (Conversation c : e.conversations()) {
        for (Handoff h : tx.handoffs().findByConversation(c.id())) {
          tx.handoffs().update(h.toBuilder().reason(ERASED).details(null).version(h.version() + 1).build(), h.version());
          n++;
        }
      }
      return n;
    }));
    m.put("merges", Optional.of((tx, e) -> tx.privacy().eraseMerges(e.group())));
    m.put("merge_customers", Optional.empty()); // deleted with their merges
    m.put("journey_runs", Optional.of((tx, e) -> tx.journeys().deleteByCustomers(e.group())));
    m.put("outbound_decisions", Optional.of((tx, e) -> tx.privacy().eraseOutbound(e.group())));
    m.put("outbox", Optional.of((tx, e) -> tx.privacy().eraseOutbox(e.group())));
    m.put("customers", Optional.of((tx, e) -> tx.privacy().eraseCustomers(e.group(), e.at())));
    return Map.copyOf(m);
  }

  @Override
  public ErasureReceipt erase(CustomerId customer, String requestId) {
    Checks.required(customer, "customer");
    String request = requestId(requestId);
    return uow.write((tx, events) -> {
      Optional<ErasureReceipt> same = tx.privacy().findErasure(request);
      if (same.isPresent()) {
        if (!same.get().customers().contains(customer)) {
          throw new InvalidInputException("requestId", "requestId was used to erase another customer, was: "
              + Checks.quote(request));
        }
        return same.get();
      }
      Optional<ErasureReceipt> earlier = tx.privacy().findErasureOf(customer);
      if (earlier.isPresent()) {
        return earlier.get();
      }
      Customer live = MergeGroups.live(tx, customer);
      Set<CustomerId> group = new LinkedHashSet<>();
      group.add(customer);
      group.addAll(MergeGroups.group(tx, live.id()));
      List<Customer> members = new ArrayList<>();
      for (CustomerId id : group) {
        tx.customers().find(id).ifPresent(members::add);
      }
      Instant now = uow.now();
      Erasure erasure = new Erasure(members, group, tx.conversations().findByCustomers(group), now, tombstones);
      Map<String, Integer> counts = new LinkedHashMap<>();
      counts.put("consents", consentCount(members));
      for (DataRecord r : DataMap.records()) {
        if (r.erase() == DataRecord.Erase.NONE || r.erase() == DataRecord.Erase.WRITTEN) {
          continue;
        }
        Optional<Eraser> eraser = ERASERS.get(r.name());
        if (eraser == null) {
          throw new IllegalStateException("the data map's record " + r.name() + " has no eraser");
        }
        if (eraser.isPresent()) {
          counts.put(r.name(), eraser.get().erase(tx, erasure));
        }
      }
      ErasureReceipt receipt = new ErasureReceipt(request, customer, List.copyOf(group), now, counts, withdrawn(members));
      tx.privacy().recordErasure(receipt);
      events.add(new CustomerErased(uow.tenant(), now, receipt));
      LOG.info("erased customer {} for request {} in tenant {}: {}", customer, request, uow.tenant(), counts);
      return receipt;
    });
  }

  private static String requestId(String requestId) {
    Checks.required(requestId, "requestId");
    return Checks.input("requestId", () -> Checks.storable(Checks.maxLength(Checks.notBlank(requestId, "requestId"),
        MAX_REQUEST_ID, "requestId"), "requestId"));
  }

  private static int consentCount(List<Customer> members) {
    return members.stream().mapToInt(c -> c.consents().size()).sum();
  }

  private static List<ErasureReceipt.WithdrawnConsent> withdrawn(List<Customer> members) {
    Set<ErasureReceipt.WithdrawnConsent> out = new LinkedHashSet<>();
    for (Customer c : members) {
      for (Consent consent : c.consents()) {
        if (consent.status().allows()) {
          out.add(new ErasureReceipt.WithdrawnConsent(consent.channel(), consent.purpose()));
        }
      }
    }
    return List.copyOf(out);
  }

  @Override
  public Optional<ErasureReceipt> findErasure(String requestId) {
    String request = requestId(requestId);
    return uow.read(tx -> tx.privacy().findErasure(request));
  }

  @Override
  public void export(CustomerId customer, OutputStream out) {
    Checks.required(customer, "customer");
    Checks.required(out, "out");
    exporter.export(customer, out);
  }

  @Override
  public boolean tombstoned(Identity identity) {
    Checks.required(identity, "identity");
    String digest = tombstones.digest(identity);
    return uow.read(tx -> !tx.privacy().findTombstones(List.of(digest)).isEmpty());
  }

  @Override
  public boolean liftTombstone(Identity identity) {
    Checks.required(identity, "identity");
    String digest = tombstones.digest(identity);
    boolean lifted = uow.write((tx, events) -> tx.privacy().liftTombstone(digest));
    if (lifted) {
      LOG.info("lifted the tombstone of {} in tenant {}", identity.kind(), uow.tenant());
    } else {
      LOG.info("no tombstone of that {} to lift in tenant {}; nothing changed", identity.kind(), uow.tenant());
    }
    return lifted;
  }

  @Override
  public int purgeExpired() {
    Instant now = uow.now();
    int total = 0;
    for (RetentionRule rule : retention) {
      ChannelId channel = rule.channel();
      int n = uow.write((tx, events) -> tx.privacy().purgeBodies(channel, rule.type(), now.minus(rule.keep()), now));
      if (n > 0) {
        LOG.info("removed {} bodies of {} {} touchpoints older than {} in tenant {}", n, channel.value(),
            rule.type().value(), rule.keep(), uow.tenant());
      }
      total += n;
    }
    return total;
  }
}
