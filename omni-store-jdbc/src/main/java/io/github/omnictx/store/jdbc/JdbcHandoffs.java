package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffId;
import io.github.omnictx.core.spi.HandoffRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Handoffs in {@code <prefix>handoffs}, kept whole as JSON beside the columns their queries use.
 * The accept race is one conditional UPDATE on the version: exactly one caller sees a row change.
 */
final class JdbcHandoffs implements HandoffRepository {
  private final JdbcTransaction tx;
  private final Sql db;
  private final String table;
  private final String t;

  JdbcHandoffs(JdbcTransaction tx) {
    this.tx = tx;
    this.db = tx.db();
    this.table = tx.statements().handoffs;
    this.t = tx.tenant().value();
  }

  /** The handoffs of this tenant that match {@code where}; {@code more} binds its parameters. */
  private List<Handoff> query(String where, Sql.Binder more, String orderAndLimit) {
    return db.list("reading handoffs", "SELECT handoff FROM " + table + " WHERE tenant = ? AND " + where + orderAndLimit,
        p -> more.bind(p.string(t)), rs -> RoutingJson.handoff(rs.getString(1)));
  }

  @Override
  public Optional<Handoff> find(HandoffId id) {
    tx.checkOpen();
    List<Handoff> found = query("id = ?", p -> p.id(id.value()), "");
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public List<Handoff> findByConversation(ConversationId conversation) {
    tx.checkOpen();
    List<Handoff> out = query("conversation_id = ?", p -> p.id(conversation.value()), "");
    out.sort(Comparator.comparing(Handoff::offeredAt).thenComparing(Handoff::id).reversed());
    return out;
  }

  @Override
  public List<Handoff> findExpiring(Instant now, int limit) {
    tx.checkOpen();
    Sql.limit(limit);
    List<Handoff> out = query("status = 'OFFERED' AND expires_at <= ?", p -> p.instant(now).integer(limit),
        " ORDER BY expires_at, id LIMIT ?");
    out.sort(Comparator.comparing(Handoff::expiresAt).thenComparing(Handoff::id));
    return out;
  }

  @Override
  public void insert(Handoff handoff) {
    tx.checkOpen();
    db.update("inserting handoff " + handoff.id(), "INSERT INTO " + table
        + " (tenant, id, conversation_id, status, offered_at, expires_at, version, handoff) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        p -> p.string(t).id(handoff.id().value()).id(handoff.conversationId().value()).string(handoff.status().name())
            .instant(handoff.offeredAt()).instant(handoff.expiresAt()).bigint(handoff.version())
            .string(RoutingJson.handoff(handoff)),
        () -> "handoff " + handoff.id() + " already exists");
  }

  @Override
  public void update(Handoff handoff, long expectedVersion) {
    tx.checkOpen();
    int changed = db.update("updating handoff " + handoff.id(), "UPDATE " + table + " SET conversation_id = ?, status = ?, "
        + "offered_at = ?, expires_at = ?, version = ?, handoff = ? WHERE tenant = ? AND id = ? AND version = ?",
        p -> p.id(handoff.conversationId().value()).string(handoff.status().name()).instant(handoff.offeredAt())
            .instant(handoff.expiresAt()).bigint(handoff.version()).string(RoutingJson.handoff(handoff))
            .string(t).id(handoff.id().value()).bigint(expectedVersion));
    if (changed != 1) {
      throw SqlErrors.staleVersion("handoff", handoff.id(), find(handoff.id()).map(Handoff::version), expectedVersion);
    }
  }
}
