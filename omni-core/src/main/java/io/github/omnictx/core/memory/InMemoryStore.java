package io.github.omnictx.core.memory;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.OmniException;
import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationStatus;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffId;
import io.github.omnictx.core.handoff.HandoffStatus;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.spi.AgentRepository;
import io.github.omnictx.core.spi.HandoffRepository;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.spi.MergeJournal;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.spi.ConversationRepository;
import io.github.omnictx.core.spi.CustomerRepository;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.spi.TimelineSlice;
import io.github.omnictx.core.spi.TouchpointRepository;
import io.github.omnictx.core.spi.TransactionWork;
import io.github.omnictx.core.spi.WebhookTokenRepository;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.TimelineOrder;
import io.github.omnictx.core.timeline.TimelinePosition;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The storage SPI in memory: for tests, demos and single-process tools. Passes the same contract
 * tests as the JDBC store.
 *
 * <p>Thread-safe. Each tenant has one lock; a unit of work holds it from start to end, so units of
 * work on one tenant run one at a time (serializable) and tenants never wait for each other. A
 * failing unit of work is undone from an undo log before the lock is released: nothing is ever
 * half-written. Units of work do not nest: starting one for a tenant inside another for the same
 * tenant on the same thread is an {@link IllegalStateException}. Nothing survives the process.
 */
public final class InMemoryStore implements OmniStore {
  private final Map<TenantId, TenantData> tenants = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryStore() {}

  @Override
  public <T> T inTransaction(TenantId tenant, TransactionWork<T> work) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(work, "work");
    TenantData data = tenants.computeIfAbsent(tenant, t -> new TenantData());
    if (data.lock.isHeldByCurrentThread()) {
      // A nested unit of work would commit on its own and survive the outer one's rollback.
      throw new IllegalStateException("a unit of work for tenant " + tenant + " is already running on this thread;"
          + " do the work in that unit of work instead of starting another");
    }
    data.lock.lock();
    Tx tx = new Tx(tenant, data);
    try {
      T result = work.execute(tx);
      tx.closed = true;
      return result;
    } catch (OmniException e) {
      tx.rollback();
      throw e;
    } catch (Exception e) {
      tx.rollback();
      throw new StoreException("unit of work failed for tenant " + tenant + ": " + e, e);
    } catch (Error e) {
      tx.rollback();
      throw e;
    } finally {
      data.lock.unlock();
    }
  }

  /** One tenant's records. Guarded by {@link #lock}. */
  private static final class TenantData {
    final ReentrantLock lock = new ReentrantLock();
    final Map<CustomerId, Customer> customers = new HashMap<>();
    final Map<Identity, CustomerId> identityIndex = new HashMap<>();
    final Map<TouchpointId, Touchpoint> touchpoints = new HashMap<>();
    final Map<String, TouchpointId> externalIndex = new HashMap<>();
    final Map<CustomerId, NavigableSet<Touchpoint>> byCustomer = new HashMap<>();
    final Map<ConversationId, Conversation> conversations = new LinkedHashMap<>();
    final Map<MergeId, MergeRecord> merges = new HashMap<>();
    final Map<HandoffId, Handoff> handoffs = new LinkedHashMap<>();
    final Map<String, Agent> agents = new java.util.TreeMap<>();
    final Map<String, WebhookToken> webhookTokens = new HashMap<>();
  }

  /** A remembered webhook token: the digest of its content and when it may be forgotten. */
  private record WebhookToken(String digest, Instant expiresAt) {}

  private static final Comparator<Touchpoint> TIMELINE_ORDER =
      Comparator.comparing(TimelinePosition::of);

  private static String externalKey(ChannelId channel, String externalId) {
    return channel.value() + '\u0000' + externalId;
  }

  /** A unit of work: repositories over the tenant's data plus an undo log. */
  private static final class Tx implements StoreTransaction, CustomerRepository, TouchpointRepository,
      ConversationRepository {
    private final TenantId tenant;
    private final TenantData d;
    private final Deque<Runnable> undo = new ArrayDeque<>();
    boolean closed;

    Tx(TenantId tenant, TenantData d) {
      this.tenant = tenant;
      this.d = d;
    }

    void rollback() {
      while (!undo.isEmpty()) {
        undo.pop().run();
      }
      closed = true;
    }

    private void open() {
      if (closed) {
        throw new IllegalStateException("this unit of work has ended; repositories are valid only inside it");
      }
    }

    private <K, V> void put(Map<K, V> map, K key, V value) {
      V old = map.put(key, value);
      undo.push(() -> {
        if (old == null) {
          map.remove(key);
        } else {
          map.put(key, old);
        }
      });
    }

    private <K, V> void remove(Map<K, V> map, K key) {
      V old = map.remove(key);
      if (old != null) {
        undo.push(() -> map.put(key, old));
      }
    }

    @Override
    public TenantId tenant() {
      return tenant;
    }

    @Override
    public CustomerRepository customers() {
      return this;
    }

    @Override
    public TouchpointRepository touchpoints() {
      return this;
    }

    @Override
    public ConversationRepository conversations() {
      return this;
    }

    @Override
    public MergeJournal mergeJournal() {
      return journal;
    }

    private final MergeJournal journal = new Journal();

    /** The merge journal over this unit of work's undo log. */
    private final class Journal implements MergeJournal {
      @Override
      public void insert(MergeRecord record) {
        open();
        if (d.merges.containsKey(record.id())) {
          throw new ConcurrentUpdateException("merge " + record.id() + " already exists");
        }
        put(d.merges, record.id(), record);
      }

      @Override
      public Optional<MergeRecord> find(MergeId id) {
        open();
        return Optional.ofNullable(d.merges.get(id));
      }

      @Override
      public List<MergeRecord> findByCustomer(CustomerId customer) {
        open();
        List<MergeRecord> out = new ArrayList<>();
        for (MergeRecord r : d.merges.values()) {
          if (r.involves(customer)) {
            out.add(r);
          }
        }
        out.sort(MergeRecord.JOURNAL_ORDER);
        return out;
      }

      @Override
      public void markReversed(MergeId id, Instant at) {
        open();
        MergeRecord current = d.merges.get(id);
        if (current == null) {
          throw new ConcurrentUpdateException("merge " + id + " does not exist");
        }
        if (!current.inForce()) {
          throw new ConcurrentUpdateException("merge " + id + " was already reversed at " + current.reversedAt().get());
        }
        put(d.merges, id, current.reversed(at));
      }
    }

    @Override
    public HandoffRepository handoffs() {
      return handoffRepo;
    }

    @Override
    public AgentRepository agents() {
      return agentRepo;
    }

    @Override
    public WebhookTokenRepository webhookTokens() {
      return tokenRepo;
    }

    private final WebhookTokenRepository tokenRepo = this::rememberToken;

    private Optional<String> rememberToken(String adapter, String token, String contentDigest, Instant expiresAt,
        Instant now) {
      open();
      String key = adapter + '\u0000' + token;
      WebhookToken stored = d.webhookTokens.get(key);
      if (stored != null && stored.expiresAt().isAfter(now)) {
        return Optional.of(stored.digest());
      }
      List<String> expired = new ArrayList<>();
      d.webhookTokens.forEach((k, v) -> {
        if (!v.expiresAt().isAfter(now)) {
          expired.add(k);
        }
      });
      expired.forEach(k -> remove(d.webhookTokens, k));
      put(d.webhookTokens, key, new WebhookToken(contentDigest, expiresAt));
      return Optional.empty();
    }

    private final HandoffRepository handoffRepo = new HandoffRepository() {
      @Override
      public Optional<Handoff> find(HandoffId id) {
        open();
        return Optional.ofNullable(d.handoffs.get(id));
      }

      @Override
      public List<Handoff> findByConversation(ConversationId conversation) {
        open();
        List<Handoff> out = new ArrayList<>();
        for (Handoff h : d.handoffs.values()) {
          if (h.conversationId().equals(conversation)) {
            out.add(h);
          }
        }
        out.sort(Comparator.comparing(Handoff::offeredAt).thenComparing(Handoff::id).reversed());
        return out;
      }

      @Override
      public List<Handoff> findExpiring(Instant now, int limit) {
        open();
        return d.handoffs.values().stream()
            .filter(h -> h.status() == HandoffStatus.OFFERED && !h.expiresAt().isAfter(now))
            .sorted(Comparator.comparing(Handoff::expiresAt).thenComparing(Handoff::id))
            .limit(limit).toList();
      }

      @Override
      public void insert(Handoff handoff) {
        open();
        if (d.handoffs.containsKey(handoff.id())) {
          throw new ConcurrentUpdateException("handoff " + handoff.id() + " already exists");
        }
        put(d.handoffs, handoff.id(), handoff);
      }

      @Override
      public void update(Handoff handoff, long expectedVersion) {
        open();
        Handoff current = d.handoffs.get(handoff.id());
        if (current == null) {
          throw new ConcurrentUpdateException("handoff " + handoff.id() + " does not exist");
        }
        if (current.version() != expectedVersion) {
          throw new ConcurrentUpdateException("handoff " + handoff.id() + " is at version " + current.version()
              + ", expected " + expectedVersion);
        }
        put(d.handoffs, handoff.id(), handoff);
      }
    };

    private final AgentRepository agentRepo = new AgentRepository() {
      @Override
      public Optional<Agent> find(String id) {
        open();
        return Optional.ofNullable(d.agents.get(id));
      }

      @Override
      public List<Agent> findAll() {
        open();
        return List.copyOf(d.agents.values());
      }

      @Override
      public void insert(Agent agent) {
        open();
        if (d.agents.containsKey(agent.id())) {
          throw new ConcurrentUpdateException("agent " + agent.id() + " already exists");
        }
        put(d.agents, agent.id(), agent);
      }

      @Override
      public void update(Agent agent, long expectedVersion) {
        open();
        Agent current = d.agents.get(agent.id());
        if (current == null) {
          throw new ConcurrentUpdateException("agent " + agent.id() + " does not exist");
        }
        if (current.version() != expectedVersion) {
          throw new ConcurrentUpdateException("agent " + agent.id() + " is at version " + current.version()
              + ", expected " + expectedVersion);
        }
        put(d.agents, agent.id(), agent);
      }
    };

    // ---- customers

    @Override
    public Optional<Customer> find(CustomerId id) {
      open();
      return Optional.ofNullable(d.customers.get(id));
    }

    @Override
    public Map<Identity, CustomerId> findHolders(Collection<Identity> identities) {
      open();
      Map<Identity, CustomerId> out = new LinkedHashMap<>();
      for (Identity i : identities) {
        CustomerId holder = d.identityIndex.get(i);
        if (holder != null) {
          out.put(i, holder);
        }
      }
      return out;
    }

    @Override
    public List<CustomerId> findMergedInto(CustomerId survivor) {
      open();
      List<CustomerId> out = new ArrayList<>();
      for (Customer c : d.customers.values()) {
        if (c.mergedInto().filter(survivor::equals).isPresent()) {
          out.add(c.id());
        }
      }
      out.sort(null);
      return out;
    }

    @Override
    public void insert(Customer customer) {
      open();
      if (d.customers.containsKey(customer.id())) {
        throw new ConcurrentUpdateException("customer " + customer.id() + " already exists");
      }
      for (Identity i : customer.identities()) {
        CustomerId holder = d.identityIndex.get(i);
        if (holder != null) {
          throw new ConcurrentUpdateException("identity " + i + " is already held by customer " + holder);
        }
      }
      put(d.customers, customer.id(), customer);
      for (Identity i : customer.identities()) {
        put(d.identityIndex, i, customer.id());
      }
    }

    @Override
    public void update(Customer customer, long expectedVersion) {
      open();
      Customer current = d.customers.get(customer.id());
      if (current == null) {
        throw new ConcurrentUpdateException("customer " + customer.id() + " does not exist");
      }
      if (current.version() != expectedVersion) {
        throw new ConcurrentUpdateException("customer " + customer.id() + " is at version " + current.version()
            + ", expected " + expectedVersion);
      }
      for (Identity i : customer.identities()) {
        CustomerId holder = d.identityIndex.get(i);
        if (holder != null && !holder.equals(customer.id())) {
          throw new ConcurrentUpdateException("identity " + i + " is already held by customer " + holder);
        }
      }
      for (Identity i : current.identities()) {
        if (!customer.identities().contains(i)) {
          remove(d.identityIndex, i);
        }
      }
      for (Identity i : customer.identities()) {
        if (!current.identities().contains(i)) {
          put(d.identityIndex, i, customer.id());
        }
      }
      put(d.customers, customer.id(), customer);
    }

    // ---- touchpoints

    @Override
    public Appended append(Touchpoint touchpoint) {
      open();
      String key = touchpoint.externalId().map(e -> externalKey(touchpoint.channel(), e)).orElse(null);
      if (key != null) {
        TouchpointId existing = d.externalIndex.get(key);
        if (existing != null) {
          return new Appended(d.touchpoints.get(existing), false);
        }
      }
      if (d.touchpoints.containsKey(touchpoint.id())) {
        throw new ConcurrentUpdateException("touchpoint " + touchpoint.id() + " already exists");
      }
      if (key != null) {
        put(d.externalIndex, key, touchpoint.id());
      }
      put(d.touchpoints, touchpoint.id(), touchpoint);
      addToTimeline(touchpoint);
      return new Appended(touchpoint, true);
    }

    private void addToTimeline(Touchpoint touchpoint) {
      NavigableSet<Touchpoint> set = d.byCustomer.computeIfAbsent(touchpoint.customerId(), c -> new TreeSet<>(TIMELINE_ORDER));
      set.add(touchpoint);
      undo.push(() -> set.remove(touchpoint));
    }

    @Override
    public Optional<Touchpoint> find(TouchpointId id) {
      open();
      return Optional.ofNullable(d.touchpoints.get(id));
    }

    @Override
    public Optional<Touchpoint> findByExternalId(ChannelId channel, String externalId) {
      open();
      TouchpointId id = d.externalIndex.get(externalKey(channel, externalId));
      return id == null ? Optional.empty() : Optional.ofNullable(d.touchpoints.get(id));
    }

    @Override
    public List<Touchpoint> page(TimelineSlice slice) {
      open();
      // Merge the customers' sorted sets lazily: walk each in the slice's direction and pick the next.
      List<Iterator<Touchpoint>> its = new ArrayList<>();
      for (CustomerId c : slice.customers()) {
        NavigableSet<Touchpoint> set = d.byCustomer.get(c);
        if (set != null) {
          its.add(slice.order() == TimelineOrder.NEWEST_FIRST ? set.descendingIterator() : set.iterator());
        }
      }
      Comparator<Touchpoint> cmp = slice.order() == TimelineOrder.NEWEST_FIRST ? TIMELINE_ORDER.reversed() : TIMELINE_ORDER;
      java.util.PriorityQueue<Map.Entry<Touchpoint, Iterator<Touchpoint>>> heads =
          new java.util.PriorityQueue<>((a, b) -> cmp.compare(a.getKey(), b.getKey()));
      for (Iterator<Touchpoint> it : its) {
        advance(it, slice, heads);
      }
      List<Touchpoint> out = new ArrayList<>();
      while (!heads.isEmpty() && out.size() < slice.limit()) {
        Map.Entry<Touchpoint, Iterator<Touchpoint>> head = heads.poll();
        out.add(head.getKey());
        advance(head.getValue(), slice, heads);
      }
      return out;
    }

    @Override
    public Optional<List<Touchpoint>> pageIfAlone(TimelineSlice slice) {
      open();
      if (slice.customers().size() != 1) {
        return Optional.empty();
      }
      CustomerId id = slice.customers().iterator().next();
      Customer c = d.customers.get(id);
      if (c == null || !c.isLive() || !findMergedInto(id).isEmpty()) {
        return Optional.empty();
      }
      List<Touchpoint> rows = page(slice);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows);
    }

    private static void advance(Iterator<Touchpoint> it, TimelineSlice slice,
        java.util.PriorityQueue<Map.Entry<Touchpoint, Iterator<Touchpoint>>> heads) {
      while (it.hasNext()) {
        Touchpoint t = it.next();
        TimelinePosition p = TimelinePosition.of(t);
        if (!slice.admits(p)) {
          boolean beyondEnd = slice.order() == TimelineOrder.NEWEST_FIRST
              ? slice.from().filter(f -> p.occurredAt().isBefore(f)).isPresent()
              : slice.until().filter(u -> !p.occurredAt().isBefore(u)).isPresent();
          if (beyondEnd) {
            return;
          }
          continue;
        }
        if (!slice.channels().isEmpty() && !slice.channels().contains(t.channel())) {
          continue;
        }
        if (!slice.types().isEmpty() && !slice.types().contains(t.type())) {
          continue;
        }
        if (slice.conversation().isPresent() && !slice.conversation().equals(t.conversationId())) {
          continue;
        }
        heads.add(Map.entry(t, it));
        return;
      }
    }

    @Override
    public boolean updateStatus(TouchpointId id, DeliveryStatus expected, DeliveryStatus next) {
      open();
      Touchpoint current = d.touchpoints.get(id);
      if (current == null || !Objects.equals(current.status().orElse(null), expected)) {
        return false;
      }
      Touchpoint updated = current.toBuilder().status(next).build();
      put(d.touchpoints, id, updated);
      NavigableSet<Touchpoint> set = d.byCustomer.get(current.customerId());
      set.remove(current);
      set.add(updated);
      undo.push(() -> {
        set.remove(updated);
        set.add(current);
      });
      return true;
    }

    // ---- conversations

    @Override
    public Optional<Conversation> find(ConversationId id) {
      open();
      return Optional.ofNullable(d.conversations.get(id));
    }

    @Override
    public List<Conversation> findByCustomers(Collection<CustomerId> customers) {
      open();
      List<Conversation> out = new ArrayList<>();
      for (Conversation c : d.conversations.values()) {
        if (customers.contains(c.customerId())) {
          out.add(c);
        }
      }
      out.sort(Comparator.comparing(Conversation::openedAt).thenComparing(Conversation::id).reversed());
      return out;
    }

    @Override
    public void insert(Conversation conversation) {
      open();
      if (d.conversations.containsKey(conversation.id())) {
        throw new ConcurrentUpdateException("conversation " + conversation.id() + " already exists");
      }
      put(d.conversations, conversation.id(), conversation);
    }

    @Override
    public void update(Conversation conversation, long expectedVersion) {
      open();
      Conversation current = d.conversations.get(conversation.id());
      if (current == null) {
        throw new ConcurrentUpdateException("conversation " + conversation.id() + " does not exist");
      }
      if (current.version() != expectedVersion) {
        throw new ConcurrentUpdateException("conversation " + conversation.id() + " is at version "
            + current.version() + ", expected " + expectedVersion);
      }
      put(d.conversations, conversation.id(), conversation);
    }

    @Override
    public List<Conversation> findQueued(int limit) {
      open();
      return d.conversations.values().stream()
          .filter(c -> c.queuedAt().isPresent() && c.status() == ConversationStatus.OPEN)
          .sorted(Comparator.comparing((Conversation c) -> c.queuedAt().orElseThrow()).thenComparing(Conversation::id))
          .limit(limit).toList();
    }

    @Override
    public List<Conversation> findActiveByOwner(Participant owner) {
      open();
      return d.conversations.values().stream()
          .filter(c -> c.owner().equals(owner) && c.status().isActive())
          .sorted(Comparator.comparing(Conversation::openedAt).thenComparing(Conversation::id))
          .toList();
    }

    @Override
    public List<Conversation> findSlaDue(Instant now, int limit) {
      open();
      List<Map.Entry<Instant, Conversation>> due = new ArrayList<>();
      for (Conversation c : d.conversations.values()) {
        if (!c.status().isActive()) {
          continue;
        }
        Instant first = null;
        if (c.firstResponseAt().isEmpty() && !c.firstResponseBreached()
            && c.firstResponseDueAt().filter(t -> !t.isAfter(now)).isPresent()) {
          first = c.firstResponseDueAt().get();
        }
        if (!c.resolutionBreached() && c.resolutionDueAt().filter(t -> !t.isAfter(now)).isPresent()) {
          Instant r = c.resolutionDueAt().get();
          first = first == null || r.isBefore(first) ? r : first;
        }
        if (first != null) {
          due.add(Map.entry(first, c));
        }
      }
      due.sort(Map.Entry.<Instant, Conversation>comparingByKey()
          .thenComparing(e -> e.getValue().id()));
      return due.stream().limit(limit).map(Map.Entry::getValue).toList();
    }

    @Override
    public List<Conversation> findSnoozeDue(Instant now, int limit) {
      open();
      return d.conversations.values().stream()
          .filter(c -> c.status() == ConversationStatus.SNOOZED
              && c.snoozedUntil().filter(t -> !t.isAfter(now)).isPresent())
          .sorted(Comparator.comparing((Conversation c) -> c.snoozedUntil().orElseThrow()).thenComparing(Conversation::id))
          .limit(limit).toList();
    }
  }
}
