package io.github.omnictx.core.conversation;

import io.github.omnictx.core.StoreException;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.spi.AgentRepository;
import io.github.omnictx.core.spi.ConversationRepository;
import io.github.omnictx.core.spi.HandoffRepository;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.spi.StoreTransaction;
import io.github.omnictx.core.testing.ForwardingTransaction;
import io.github.omnictx.core.spi.TransactionWork;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Simulates a READ COMMITTED interleaving on the in-memory store: once {@link #arm() armed}, the
 * next unit of work reads the remembered (older) versions of some conversations and agents, as if
 * it had read them just before a concurrent unit of work committed; its writes still go to the real
 * rows, so a version compare-and-set on a row the other work wrote fails as it would on a database.
 * Later units of work see the store as it is. Also fails, like a row the database refuses, every
 * update of a {@link #poison poisoned} conversation or handoff, and logs which kind of row
 * ({@code conversation} or {@code handoff}) each insert or update wrote, in order. Thread-safe.
 */
final class StaleReadStore implements OmniStore {
  private final InMemoryStore delegate = new InMemoryStore();
  private final Map<ConversationId, Conversation> conversations = new ConcurrentHashMap<>();
  private final Map<AgentId, Agent> agents = new ConcurrentHashMap<>();
  private final Set<Object> poisoned = ConcurrentHashMap.newKeySet();
  private final List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean armed;

  /** The kinds of rows written since the last call, in write order; clears the log. */
  List<String> takeWrites() {
    List<String> out = List.copyOf(writes);
    writes.clear();
    return out;
  }

  /** Makes every update of the conversation or handoff with this id fail, until {@link #cure}. */
  void poison(Object id) {
    poisoned.add(id);
  }

  /** Lets updates of the record with this id through again. */
  void cure(Object id) {
    poisoned.remove(id);
  }

  /** Remembers the conversation as it is now, for the next armed unit of work to read. */
  void remember(Conversation c) {
    conversations.put(c.id(), c);
  }

  /** Remembers the agent as it is now, for the next armed unit of work to read. */
  void remember(Agent a) {
    agents.put(a.id(), a);
  }

  /** Makes the next unit of work (its first attempt only) read the remembered versions. */
  void arm() {
    armed = true;
  }

  @Override
  public <T> T inTransaction(TenantId tenant, TransactionWork<T> work) {
    boolean stale = armed;
    armed = false;
    return delegate.inTransaction(tenant, tx -> work.execute(new Stale(tx, stale)));
  }

  @SuppressWarnings("unchecked")
  private static <R> R intercept(Class<R> type, R real, Map<String, java.util.function.Function<Object, Object>> stale) {
    return (R) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      Object result;
      try {
        result = method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      java.util.function.Function<Object, Object> f = stale.get(method.getName());
      return f == null ? result : f.apply(result);
    });
  }

  @SuppressWarnings("unchecked")
  private <R> R poisonable(Class<R> type, String kind, R real, Function<Object, Object> idOf) {
    return (R) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      if (method.getName().equals("update") && poisoned.contains(idOf.apply(args[0]))) {
        throw new StoreException("the database refuses this row");
      }
      if (method.getName().equals("update") || method.getName().equals("insert")) {
        writes.add(kind);
      }
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  private Object staleConversations(Object result) {
    if (result instanceof Optional<?> o) {
      return o.map(c -> conversations.getOrDefault(((Conversation) c).id(), (Conversation) c));
    }
    return ((List<?>) result).stream().map(c -> conversations.getOrDefault(((Conversation) c).id(), (Conversation) c))
        .toList();
  }

  private Object staleAgents(Object result) {
    if (result instanceof Optional<?> o) {
      return o.map(a -> agents.getOrDefault(((Agent) a).id(), (Agent) a));
    }
    return ((List<?>) result).stream().map(a -> agents.getOrDefault(((Agent) a).id(), (Agent) a)).toList();
  }

  private final class Stale extends ForwardingTransaction {
    private final boolean stale;

    Stale(StoreTransaction tx, boolean stale) {
      super(tx);
      this.stale = stale;
    }

    @Override
    public ConversationRepository conversations() {
      ConversationRepository real = poisonable(ConversationRepository.class, "conversation", tx.conversations(),
          c -> ((Conversation) c).id());
      return !stale ? real : intercept(ConversationRepository.class, real, Map.of(
          "find", StaleReadStore.this::staleConversations,
          "findActiveByOwner", StaleReadStore.this::staleConversations,
          "findByCustomers", StaleReadStore.this::staleConversations));
    }

    @Override
    public HandoffRepository handoffs() {
      return poisonable(HandoffRepository.class, "handoff", tx.handoffs(), h -> ((Handoff) h).id());
    }

    @Override
    public AgentRepository agents() {
      return !stale ? tx.agents() : intercept(AgentRepository.class, tx.agents(), Map.of(
          "find", StaleReadStore.this::staleAgents,
          "findAll", StaleReadStore.this::staleAgents));
    }
  }

  @Override
  public io.github.omnictx.core.spi.OutboxClaims outbox() {
    return delegate.outbox();
  }
}
