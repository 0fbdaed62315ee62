package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.ConcurrentUpdateException;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.spi.CustomerRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Customers in {@code <prefix>customers}, their identities in {@code <prefix>identities}. A unique
 * key on (tenant, kind, value) keeps an identity with one customer; an update is a compare-and-set
 * on the version. Reading a customer also reads who was merged into it, in the same round trip
 * (services that read a customer almost always ask that next).
 *
 * <p>Who was merged into whom, as read along with a customer earlier in this unit of work, answers
 * {@link #findMergedInto} until this unit writes a customer that could change it (one merged into
 * that survivor, or out of it). Under READ COMMITTED a second query could see newer data, but no
 * more correct data, than that read of a moment ago.
 */
final class JdbcCustomers implements CustomerRepository {
  private final JdbcTransaction tx;
  private final Sql db;
  private final SqlText sql;
  private final JdbcDialect dialect;
  private final String t;
  private final Map<CustomerId, List<CustomerId>> mergedIntoCache = new HashMap<>();

  JdbcCustomers(JdbcTransaction tx) {
    this.tx = tx;
    this.db = tx.db();
    this.sql = tx.statements();
    this.dialect = tx.dialect();
    this.t = tx.tenant().value();
  }

  @Override
  public Optional<Customer> find(CustomerId id) {
    tx.checkOpen();
    return db.query("reading customer " + id, sql.findCustomer,
        p -> p.string(t).id(id.value()).string(t).id(id.value()), rs -> {
          Customer.Builder b = null;
          List<CustomerId> merged = new ArrayList<>();
          while (rs.next()) {
            if (rs.getInt("part") == 1) {
              merged.add(new CustomerId(dialect.requiredId(rs, "id")));
              continue;
            }
            if (b == null) {
              b = customerFrom(rs, id);
            }
            String kind = rs.getString("kind");
            if (kind != null) {
              b.identity(Identity.of(IdentityKind.valueOf(kind), rs.getString("identity_value")));
            }
          }
          merged.sort(null);
          mergedIntoCache.put(id, List.copyOf(merged));
          return b == null ? Optional.empty() : Optional.of(b.build());
        });
  }

  private Customer.Builder customerFrom(ResultSet rs, CustomerId id) throws SQLException {
    Customer.Builder b = Customer.builder(id, dialect.requiredInstant(rs, "created_at"))
        .updatedAt(dialect.requiredInstant(rs, "updated_at"))
        .version(rs.getLong("version"));
    UUID merged = dialect.id(rs, "merged_into");
    b.mergedInto(merged == null ? null : new CustomerId(merged));
    CustomerJson.profile(b, Json.read(rs.getString("attributes")), Json.read(rs.getString("consents")),
        Json.read(rs.getString("preferences")));
    return b;
  }

  @Override
  public Map<Identity, CustomerId> findHolders(Collection<Identity> identities) {
    tx.checkOpen();
    Map<Identity, CustomerId> out = new LinkedHashMap<>();
    if (identities.isEmpty()) {
      return out;
    }
    List<Identity> all = new ArrayList<>(new LinkedHashSet<>(identities));
    for (int from = 0; from < all.size(); from += Sql.LOOKUP_CHUNK) {
      List<Identity> chunk = all.subList(from, Math.min(all.size(), from + Sql.LOOKUP_CHUNK));
      StringBuilder q = new StringBuilder("SELECT kind, identity_value, customer_id FROM ").append(sql.identities)
          .append(" WHERE tenant = ? AND (");
      for (int i = 0; i < chunk.size(); i++) {
        q.append(i == 0 ? "" : " OR ").append("(kind = ? AND identity_value = ?)");
      }
      q.append(')');
      Map<Identity, CustomerId> found = db.query("looking up identities", q.toString(), p -> {
        p.string(t);
        for (Identity i : chunk) {
          p.string(i.kind().name()).string(i.value());
        }
      }, rs -> {
        Map<Identity, CustomerId> rows = new HashMap<>();
        while (rs.next()) {
          rows.put(Identity.of(IdentityKind.valueOf(rs.getString(1)), rs.getString(2)),
              new CustomerId(dialect.requiredId(rs, "customer_id")));
        }
        return rows;
      });
      for (Identity i : chunk) {
        CustomerId holder = found.get(i);
        if (holder != null) {
          out.put(i, holder);
        }
      }
    }
    return out;
  }

  /**
   * One statement however many identities (up to {@link Sql#LOOKUP_CHUNK}): each holder with all
   * its identities, and who was merged into it, found through the identities' key. A customer may
   * come once per identity of the list it holds; its rows are read into one customer.
   */
  @Override
  public Map<Identity, Customer> findHolderCustomers(Collection<Identity> identities) {
    tx.checkOpen();
    Map<Identity, Customer> out = new LinkedHashMap<>();
    List<Identity> all = new ArrayList<>(new LinkedHashSet<>(identities));
    for (int from = 0; from < all.size(); from += Sql.LOOKUP_CHUNK) {
      List<Identity> chunk = all.subList(from, Math.min(all.size(), from + Sql.LOOKUP_CHUNK));
      // The holders' ids by the identities' key, one equality lookup each, then their rows by key:
      // a lookup never runs once per row of another, so even a plan misled by statistics that do
      // not know the tenant yet (PostgreSQL before its first ANALYZE of it) reads the tenant once.
      StringBuilder held = new StringBuilder("WITH h AS (");
      for (int i = 0; i < chunk.size(); i++) {
        held.append(i == 0 ? "" : " UNION ").append("SELECT customer_id FROM ").append(sql.identities)
            .append(" WHERE tenant = ? AND kind = ? AND identity_value = ?");
      }
      held.append(") ");
      // Part 2: the holders' conversations, which the message is about to join or open one beside:
      // brought along, they save the inbound path a round trip (JdbcConversations#prefetched). It
      // comes first so that every column has its type before a branch of NULLs (PostgreSQL types a
      // union's NULLs as text when two branches in a row have them). The holders are looked up once
      // (the WITH), however many branches join them.
      String none = JdbcConversations.prefetchColumns(null);
      String q = held + "SELECT 2 AS part, v.customer_id AS id, NULL AS version, NULL AS created_at, "
          + "NULL AS updated_at, NULL AS merged_into, NULL AS attributes, NULL AS consents, NULL AS preferences, "
          + "NULL AS kind, NULL AS identity_value, " + JdbcConversations.prefetchColumns("v") + " FROM h JOIN "
          + sql.conversations + " v ON v.tenant = ? AND v.customer_id = h.customer_id"
          + " UNION ALL SELECT 0, c.id, c.version, c.created_at, c.updated_at, c.merged_into, c.attributes, "
          + "c.consents, c.preferences, i.kind, i.identity_value, " + none + " FROM h JOIN " + sql.customers
          + " c ON c.tenant = ? AND c.id = h.customer_id JOIN " + sql.identities
          + " i ON i.tenant = c.tenant AND i.customer_id = c.id"
          + " UNION ALL SELECT 1, m.id, NULL, NULL, NULL, m.merged_into, NULL, NULL, NULL, NULL, NULL, " + none
          + " FROM h JOIN " + sql.customers + " m ON m.tenant = ? AND m.merged_into = h.customer_id";
      JdbcConversations conversationRows = tx.conversationRows();
      Sql.Binder heldParams = p -> {
        for (Identity i : chunk) {
          p.string(t).string(i.kind().name()).string(i.value());
        }
      };
      List<Customer> holders = db.query("looking up identities", q, p -> {
        heldParams.bind(p);
        p.string(t).string(t).string(t);
      }, rs -> {
        Map<UUID, Customer.Builder> rows = new LinkedHashMap<>();
        Map<UUID, List<CustomerId>> merged = new HashMap<>();
        Map<UUID, List<io.github.omnictx.core.conversation.Conversation>> conversations = new HashMap<>();
        while (rs.next()) {
          UUID id = dialect.requiredId(rs, "id");
          int part = rs.getInt("part");
          if (part == 1) {
            merged.computeIfAbsent(dialect.requiredId(rs, "merged_into"), x -> new ArrayList<>()).add(new CustomerId(id));
            continue;
          }
          if (part == 2) {
            conversations.computeIfAbsent(id, x -> new ArrayList<>()).add(conversationRows.conversationFrom(rs, "v_"));
            continue;
          }
          Customer.Builder b = rows.get(id);
          if (b == null) {
            b = customerFrom(rs, new CustomerId(id));
            rows.put(id, b);
          }
          b.identity(Identity.of(IdentityKind.valueOf(rs.getString("kind")), rs.getString("identity_value")));
        }
        List<Customer> found = new ArrayList<>();
        for (Map.Entry<UUID, Customer.Builder> e : rows.entrySet()) {
          List<CustomerId> into = merged.getOrDefault(e.getKey(), new ArrayList<>());
          into.sort(null);
          mergedIntoCache.put(new CustomerId(e.getKey()), List.copyOf(into));
          conversationRows.prefetched(new CustomerId(e.getKey()), conversations.getOrDefault(e.getKey(), List.of()));
          found.add(e.getValue().build());
        }
        return found;
      });
      for (Identity i : chunk) {
        for (Customer c : holders) {
          if (c.identities().contains(i)) {
            out.put(i, c);
            break;
          }
        }
      }
    }
    return out;
  }

  /**
   * One statement per {@link Sql#LOOKUP_CHUNK} ids (ids and redirects only, no profile, no
   * identities), and one more per level of merge redirects met.
   */
  @Override
  public Map<CustomerId, CustomerId> findLiveIds(Collection<CustomerId> ids) {
    tx.checkOpen();
    Map<CustomerId, CustomerId> next = new HashMap<>(); // id -> where it redirects (itself when live)
    List<CustomerId> todo = new ArrayList<>(new LinkedHashSet<>(ids));
    for (int level = 0; !todo.isEmpty(); level++) {
      if (level > 1000) {
        throw new IllegalStateException("merge redirects of customers " + todo + " form a cycle");
      }
      List<CustomerId> asked = todo;
      todo = new ArrayList<>();
      for (int from = 0; from < asked.size(); from += Sql.LOOKUP_CHUNK) {
        List<CustomerId> chunk = asked.subList(from, Math.min(asked.size(), from + Sql.LOOKUP_CHUNK));
        db.query("reading customers", "SELECT id, merged_into FROM " + sql.customers + " WHERE tenant = ? AND erased_at IS NULL AND id IN ("
            + Sql.placeholders(chunk.size()) + ")", p -> {
              p.string(t);
              for (CustomerId id : chunk) {
                p.id(id.value());
              }
            }, rs -> {
              while (rs.next()) {
                UUID into = dialect.id(rs, "merged_into");
                CustomerId id = new CustomerId(dialect.requiredId(rs, "id"));
                next.put(id, into == null ? id : new CustomerId(into));
              }
              return true;
            });
      }
      for (CustomerId id : asked) {
        CustomerId target = next.get(id);
        if (target != null && !target.equals(id) && !next.containsKey(target) && !todo.contains(target)) {
          todo.add(target);
        }
      }
    }
    Map<CustomerId, CustomerId> out = new LinkedHashMap<>();
    for (CustomerId id : new LinkedHashSet<>(ids)) {
      CustomerId at = next.get(id);
      for (int hops = 0; at != null && !at.equals(next.get(at)); hops++) {
        if (hops > 1000) {
          throw new IllegalStateException("merge redirects of customer " + id + " form a cycle");
        }
        at = next.get(at);
      }
      if (at != null) {
        out.put(id, at);
      }
    }
    return out;
  }

  @Override
  public List<CustomerId> findMergedInto(CustomerId survivor) {
    tx.checkOpen();
    List<CustomerId> known = mergedIntoCache.get(survivor);
    if (known != null) {
      return new ArrayList<>(known);
    }
    return db.list("listing customers merged into " + survivor, sql.mergedInto,
        p -> p.string(t).id(survivor.value()), rs -> new CustomerId(dialect.requiredId(rs, "id")));
  }

  /**
   * Forgets what was read about merges into the survivors this update may change: the one the
   * customer is merged into now, and the one it was read as merged into (an unmerge). What was read
   * about anyone else stays true.
   */
  private void forgetMergesOf(Customer customer) {
    customer.mergedInto().ifPresent(mergedIntoCache::remove);
    mergedIntoCache.values().removeIf(merged -> merged.contains(customer.id()));
  }

  private void requireUnheld(Collection<Identity> identities, CustomerId owner) {
    for (Map.Entry<Identity, CustomerId> e : findHolders(identities).entrySet()) {
      if (!e.getValue().equals(owner)) {
        throw new ConcurrentUpdateException("an identity of kind " + e.getKey().kind() + " is already held by customer "
            + e.getValue());
      }
    }
  }

  private void checkIdentityLengths(Collection<Identity> identities) {
    for (Identity i : identities) {
      tx.store().checkLength("identities.identity_value", i.value());
    }
  }

  @Override
  public void insert(Customer customer) {
    tx.checkOpen();
    mergedIntoCache.clear();
    tx.store().checkLength("customers.tenant", t);
    checkIdentityLengths(customer.identities());
    // No read for the identities' holders first: the caller has just resolved them in this unit of
    // work, and the unique key decides a race (a ConcurrentUpdateException, below).
    String what = "inserting customer " + customer.id();
    db.update(what, sql.insertCustomer, p -> p.string(t).id(customer.id().value()).bigint(customer.version())
        .instant(customer.createdAt()).instant(customer.updatedAt())
        .id(customer.mergedInto().map(CustomerId::value).orElse(null))
        .string(attributesJson(customer)).string(consentsJson(customer)).string(preferencesJson(customer)),
        () -> "customer " + customer.id() + " already exists");
    insertIdentities(what, customer.id(), customer.identities());
  }

  private void insertIdentities(String what, CustomerId owner, Collection<Identity> identities) {
    if (identities.isEmpty()) {
      return;
    }
    db.batch(what, sql.insertIdentity, identities,
        (p, i) -> p.string(t).string(i.kind().name()).string(i.value()).id(owner.value()),
        () -> "an identity of customer " + owner + " was given to another customer by a concurrent unit of work "
            + "(kinds " + identities.stream().map(i -> i.kind().name()).distinct().sorted().toList() + ")");
  }

  @Override
  public void update(Customer customer, long expectedVersion) {
    tx.checkOpen();
    forgetMergesOf(customer);
    checkIdentityLengths(customer.identities());
    String what = "updating customer " + customer.id();
    UUID id = customer.id().value();
    Set<Identity> current = db.query(what, sql.identitiesOf, p -> p.string(t).id(id), rs -> {
      Set<Identity> rows = new HashSet<>();
      while (rs.next()) {
        rows.add(Identity.of(IdentityKind.valueOf(rs.getString(1)), rs.getString(2)));
      }
      return rows;
    });
    List<Identity> added = new ArrayList<>();
    for (Identity i : customer.identities()) {
      if (!current.contains(i)) {
        added.add(i);
      }
    }
    requireUnheld(added, customer.id());
    int changed = db.update(what, sql.updateCustomer, p -> p.bigint(customer.version())
        .instant(customer.createdAt()).instant(customer.updatedAt())
        .id(customer.mergedInto().map(CustomerId::value).orElse(null))
        .string(attributesJson(customer)).string(consentsJson(customer)).string(preferencesJson(customer))
        .string(t).id(id).bigint(expectedVersion));
    if (changed == 0) {
      throw SqlErrors.staleVersion("customer", id,
          db.first(what, sql.customerVersion, p -> p.string(t).id(id), rs -> rs.getLong(1)), expectedVersion);
    }
    List<Identity> removed = new ArrayList<>();
    for (Identity i : current) {
      if (!customer.identities().contains(i)) {
        removed.add(i);
      }
    }
    if (!removed.isEmpty()) {
      db.batch(what, sql.deleteIdentity, removed,
          (p, i) -> p.string(t).string(i.kind().name()).string(i.value()).id(id), null);
    }
    insertIdentities(what, customer.id(), added);
  }

  private static String attributesJson(Customer customer) {
    return Json.write(customer.attributes());
  }

  private static String consentsJson(Customer customer) {
    return CustomerJson.consents(customer).toString();
  }

  private static String preferencesJson(Customer customer) {
    return CustomerJson.preferences(customer).toString();
  }
}
