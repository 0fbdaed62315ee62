package io.github.omnictx.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.privacy.ErasureReceipt;
import io.github.omnictx.core.spi.PrivacyRepository;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Privacy on JDBC: erase as one set-based statement per table and chunk of customer ids (a customer
 * with 10,000 touchpoints costs one UPDATE, not 10,000), receipts in {@code
 * <prefix>privacy_erasures} under every customer id they name, tombstones in {@code
 * <prefix>privacy_tombstones}. An erased customer keeps its row, blanked, with {@code erased_at}
 * set; the customer reads skip such rows.
 */
final class JdbcPrivacy implements PrivacyRepository {
  private final JdbcTransaction tx;
  private final Sql db;
  private final JdbcDialect dialect;
  private final String t;
  private final String customers;
  private final String identities;
  private final String touchpoints;
  private final String merges;
  private final String mergeCustomers;
  private final String decisions;
  private final String outbox;
  private final String erasures;
  private final String tombstones;

  JdbcPrivacy(JdbcTransaction tx, String prefix) {
    this.tx = tx;
    this.db = tx.db();
    this.dialect = tx.dialect();
    this.t = tx.tenant().value();
    this.customers = prefix + "customers";
    this.identities = prefix + "identities";
    this.touchpoints = prefix + "touchpoints";
    this.merges = prefix + "merges";
    this.mergeCustomers = prefix + "merge_customers";
    this.decisions = prefix + "outbound_decisions";
    this.outbox = prefix + "outbox";
    this.erasures = prefix + "privacy_erasures";
    this.tombstones = prefix + "privacy_tombstones";
  }

  /** Runs a statement per chunk of ids, {@code %s} in the text standing for the chunk's placeholders. */
  private int eachChunk(String what, Collection<CustomerId> group, String text, Sql.Binder before) {
    List<UUID> ids = new ArrayList<>();
    group.forEach(c -> ids.add(c.value()));
    return eachIdChunk(what, ids, text, before);
  }

  private int eachIdChunk(String what, Collection<UUID> ids, String text, Sql.Binder before) {
    List<UUID> all = new ArrayList<>(new LinkedHashSet<>(ids));
    int n = 0;
    for (int from = 0; from < all.size(); from += Sql.LOOKUP_CHUNK) {
      List<UUID> chunk = all.subList(from, Math.min(all.size(), from + Sql.LOOKUP_CHUNK));
      n += db.update(what, String.format(text, Sql.placeholders(chunk.size())), p -> {
        before.bind(p);
        for (UUID id : chunk) {
          p.id(id);
        }
      });
    }
    return n;
  }

  @Override
  public int eraseCustomers(Collection<CustomerId> group, Instant at) {
    tx.checkOpen();
    String what = "erasing customers";
    eachChunk(what, group, "DELETE FROM " + identities + " WHERE tenant = ? AND customer_id IN (%s)", p -> p.string(t));
    String blankPreferences = CustomerJson.preferences(Customer.builder(new CustomerId(new UUID(0, 1)), at).build())
        .toString();
    return eachChunk(what, group, "UPDATE " + customers + " SET attributes = '{}', consents = '[]', preferences = ?, "
        + "erased_at = ?, version = version + 1 WHERE tenant = ? AND erased_at IS NULL AND id IN (%s)",
        p -> p.string(blankPreferences).instant(at).string(t));
  }

  @Override
  public int eraseTouchpoints(Collection<CustomerId> group, Instant at) {
    tx.checkOpen();
    return eachChunk("erasing touchpoints", group, "UPDATE " + touchpoints + " SET payload = " + dialect.jsonParameter()
        + ", external_id = NULL, body_removed_at = ? WHERE tenant = ? AND customer_id IN (%s)",
        p -> p.string("{}").instant(at).string(t));
  }

  @Override
  public int eraseMerges(Collection<CustomerId> group) {
    tx.checkOpen();
    String what = "erasing merge records";
    List<CustomerId> all = new ArrayList<>(new LinkedHashSet<>(group));
    Set<UUID> ids = new LinkedHashSet<>();
    for (int from = 0; from < all.size(); from += Sql.LOOKUP_CHUNK) {
      List<CustomerId> chunk = all.subList(from, Math.min(all.size(), from + Sql.LOOKUP_CHUNK));
      ids.addAll(db.list(what, "SELECT merge_id FROM " + mergeCustomers + " WHERE tenant = ? AND customer_id IN ("
          + Sql.placeholders(chunk.size()) + ")", p -> {
            p.string(t);
            for (CustomerId c : chunk) {
              p.id(c.value());
            }
          }, rs -> dialect.requiredId(rs, "merge_id")));
    }
    eachIdChunk(what, ids, "DELETE FROM " + mergeCustomers + " WHERE tenant = ? AND merge_id IN (%s)", p -> p.string(t));
    return eachIdChunk(what, ids, "DELETE FROM " + merges + " WHERE tenant = ? AND id IN (%s)", p -> p.string(t));
  }

  @Override
  public int eraseOutbound(Collection<CustomerId> group) {
    tx.checkOpen();
    return eachChunk("erasing outbound decisions", group,
        "DELETE FROM " + decisions + " WHERE tenant = ? AND customer_id IN (%s)", p -> p.string(t));
  }

  @Override
  public int eraseOutbox(Collection<CustomerId> group) {
    tx.checkOpen();
    List<CustomerId> all = new ArrayList<>(new LinkedHashSet<>(group));
    int n = 0;
    for (int from = 0; from < all.size(); from += Sql.LOOKUP_CHUNK) {
      List<CustomerId> chunk = all.subList(from, Math.min(all.size(), from + Sql.LOOKUP_CHUNK));
      n += db.update("erasing outbox rows", "DELETE FROM " + outbox + " WHERE tenant = ? AND aggregateid IN ("
          + Sql.placeholders(chunk.size()) + ")", p -> {
            p.string(t);
            for (CustomerId c : chunk) {
              p.string(c.toString());
            }
          });
    }
    return n;
  }

  @Override
  public void recordErasure(ErasureReceipt receipt) {
    tx.checkOpen();
    String json = write(receipt);
    db.batch("recording an erase receipt", "INSERT INTO " + erasures
        + " (tenant, customer_id, request_id, erased_at, receipt) VALUES (?, ?, ?, ?, ?)", receipt.customers(),
        (p, c) -> p.string(t).id(c.value()).string(receipt.requestId()).instant(receipt.erasedAt()).string(json),
        () -> "customer " + receipt.customer() + " was erased concurrently");
  }

  @Override
  public Optional<ErasureReceipt> findErasure(String requestId) {
    tx.checkOpen();
    return db.first("reading an erase receipt", "SELECT receipt FROM " + erasures + " WHERE tenant = ? AND request_id = ?",
        p -> p.string(t).string(requestId), rs -> read(rs.getString(1)));
  }

  @Override
  public Optional<ErasureReceipt> findErasureOf(CustomerId customer) {
    tx.checkOpen();
    return db.first("reading an erase receipt", "SELECT receipt FROM " + erasures + " WHERE tenant = ? AND customer_id = ?",
        p -> p.string(t).id(customer.value()), rs -> read(rs.getString(1)));
  }

  @Override
  public void addTombstones(Collection<String> digests, Instant at) {
    tx.checkOpen();
    Set<String> fresh = new LinkedHashSet<>(digests);
    fresh.removeAll(findTombstones(fresh));
    if (fresh.isEmpty()) {
      return;
    }
    db.batch("adding tombstones", "INSERT INTO " + tombstones + " (tenant, digest, created_at) VALUES (?, ?, ?)", fresh,
        (p, d) -> p.string(t).string(d).instant(at), () -> "a tombstone was added concurrently");
  }

  @Override
  public Set<String> findTombstones(Collection<String> digests) {
    tx.checkOpen();
    Set<String> out = new LinkedHashSet<>();
    List<String> all = new ArrayList<>(new LinkedHashSet<>(digests));
    for (int from = 0; from < all.size(); from += Sql.LOOKUP_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + Sql.LOOKUP_CHUNK));
      out.addAll(db.list("checking tombstones", "SELECT digest FROM " + tombstones + " WHERE tenant = ? AND digest IN ("
          + Sql.placeholders(chunk.size()) + ")", p -> {
            p.string(t);
            for (String d : chunk) {
              p.string(d);
            }
          }, rs -> rs.getString(1)));
    }
    return out;
  }

  @Override
  public boolean liftTombstone(String digest) {
    tx.checkOpen();
    return db.update("lifting a tombstone", "DELETE FROM " + tombstones + " WHERE tenant = ? AND digest = ?",
        p -> p.string(t).string(digest)) > 0;
  }

  @Override
  public int purgeBodies(ChannelId channel, TouchpointType type, Instant before, Instant at) {
    tx.checkOpen();
    return db.update("removing expired bodies", "UPDATE " + touchpoints + " SET payload = " + dialect.jsonParameter()
        + ", body_removed_at = ? WHERE tenant = ? AND channel = ? AND type = ? AND occurred_at < ? "
        + "AND body_removed_at IS NULL", p -> p.string("{}").instant(at).string(t).string(channel.value())
        .string(type.value()).instant(before));
  }

  private static String write(ErasureReceipt r) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("requestId", r.requestId()).put("customer", r.customer().toString()).put("erasedAt", r.erasedAt().toString());
    ArrayNode ids = o.putArray("customers");
    r.customers().forEach(c -> ids.add(c.toString()));
    ObjectNode counts = o.putObject("counts");
    r.counts().forEach(counts::put);
    ArrayNode consents = o.putArray("withdrawnConsents");
    r.withdrawnConsents().forEach(w -> consents.addObject().put("channel", w.channel().value())
        .put("purpose", w.purpose().name()));
    return o.toString();
  }

  private static ErasureReceipt read(String text) {
    JsonNode o = Json.read(text);
    List<CustomerId> ids = new ArrayList<>();
    o.get("customers").forEach(c -> ids.add(CustomerId.of(c.asText())));
    Map<String, Integer> counts = new LinkedHashMap<>();
    o.get("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
    List<ErasureReceipt.WithdrawnConsent> consents = new ArrayList<>();
    o.get("withdrawnConsents").forEach(w -> consents.add(new ErasureReceipt.WithdrawnConsent(
        new ChannelId(w.get("channel").asText()), Purpose.valueOf(w.get("purpose").asText()))));
    return new ErasureReceipt(o.get("requestId").asText(), CustomerId.of(o.get("customer").asText()), ids,
        Instant.parse(o.get("erasedAt").asText()), counts, consents);
  }
}
