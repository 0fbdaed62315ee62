package io.github.omnictx.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationMerge;
import io.github.omnictx.core.conversation.ConversationStatus;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.MergeId;
import io.github.omnictx.core.spi.ConversationRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Conversations in {@code <prefix>conversations}, one row each with its channels, tags and skills
 * as JSON arrays. An update is a compare-and-set on the version. The scheduler's queries (queued,
 * SLA due, snooze due) are bounded, index-ordered reads, and their results are sorted here again so
 * that the order is exactly Java's, whatever the database's collation.
 */
final class JdbcConversations implements ConversationRepository {
  private static final String ACTIVE = "status IN ('OPEN', 'PENDING', 'SNOOZED')";

  private final JdbcTransaction tx;
  private final Sql db;
  private final SqlText sql;
  private final JdbcDialect dialect;
  private final String t;
  private final Map<CustomerId, List<Conversation>> prefetched = new HashMap<>();

  JdbcConversations(JdbcTransaction tx) {
    this.tx = tx;
    this.db = tx.db();
    this.sql = tx.statements();
    this.dialect = tx.dialect();
    this.t = tx.tenant().value();
  }

  @Override
  public Optional<Conversation> find(ConversationId id) {
    tx.checkOpen();
    return db.first("reading conversation " + id, sql.findConversation, p -> p.string(t).id(id.value()),
        this::conversationFrom);
  }

  private Conversation conversationFrom(ResultSet rs) throws SQLException {
    return conversationFrom(rs, "");
  }

  /** Reads a conversation from columns named with a prefix (see {@link #prefetched}). */
  Conversation conversationFrom(ResultSet rs, String p) throws SQLException {
    Iterator<JsonNode> channels = Json.read(rs.getString(p + "channels")).elements();
    Conversation.Builder b = Conversation.builder(new ConversationId(dialect.requiredId(rs, p + "id")),
        new CustomerId(dialect.requiredId(rs, p + "customer_id")), ChannelId.of(channels.next().asText()),
        Participant.parse(rs.getString(p + "owner")), dialect.requiredInstant(rs, p + "opened_at"));
    channels.forEachRemaining(n -> b.channel(ChannelId.of(n.asText())));
    Json.read(rs.getString(p + "tags")).forEach(n -> b.tag(n.asText()));
    b.status(ConversationStatus.valueOf(rs.getString(p + "status")))
        .topic(rs.getString(p + "topic"))
        .priority(rs.getInt(p + "priority"))
        .updatedAt(dialect.requiredInstant(rs, p + "updated_at"))
        .lastInboundAt(dialect.instant(rs, p + "last_inbound_at"))
        .firstResponseAt(dialect.instant(rs, p + "first_response_at"))
        .firstBotResponseAt(dialect.instant(rs, p + "first_bot_response_at"))
        .merged(merge(rs.getString(p + "merged")))
        .resolvedAt(dialect.instant(rs, p + "resolved_at"))
        .snoozedUntil(dialect.instant(rs, p + "snoozed_until"))
        .firstResponseDueAt(dialect.instant(rs, p + "first_response_due_at"))
        .resolutionDueAt(dialect.instant(rs, p + "resolution_due_at"))
        .version(rs.getLong(p + "version"));
    String lastChannel = rs.getString(p + "last_channel");
    if (lastChannel != null) {
      b.lastChannel(Values.channel(lastChannel));
    }
    String skills = rs.getString(p + "skills");
    if (skills != null) {
      Json.read(skills).forEach(n -> b.skill(n.asText()));
    }
    String lastAgent = rs.getString(p + "last_agent");
    return b.queuedAt(dialect.instant(rs, p + "queued_at"))
        .lastAgent(lastAgent == null ? null : AgentId.of(lastAgent), dialect.instant(rs, p + "last_agent_at"))
        .language(rs.getString(p + "language"))
        .handoffPending(rs.getBoolean(p + "handoff_pending"))
        .firstResponseBreached(rs.getBoolean(p + "first_response_breached"))
        .resolutionBreached(rs.getBoolean(p + "resolution_breached"))
        .build();
  }

  private static String mergeJson(ConversationMerge m) {
    return Json.MAPPER.createObjectNode().put("into", m.into().value().toString())
        .put("merge", m.merge().value().toString()).put("statusBefore", m.statusBefore().name()).toString();
  }

  private static @Nullable ConversationMerge merge(@Nullable String json) {
    if (json == null) {
      return null;
    }
    JsonNode m = Json.read(json);
    return new ConversationMerge(new ConversationId(UUID.fromString(m.path("into").asText())),
        new MergeId(UUID.fromString(m.path("merge").asText())), ConversationStatus.valueOf(m.path("statusBefore").asText()));
  }

  private static String jsonArray(Collection<String> values) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    values.forEach(a::add);
    return a.toString();
  }

  /** Binds the conversation's fields after its id and customer. */
  private static void bindState(Sql.Params p, Conversation cv) throws SQLException {
    List<String> channels = new ArrayList<>();
    cv.channels().forEach(ch -> channels.add(ch.value()));
    p.string(cv.status().name())
        .string(cv.owner().toString())
        .string(jsonArray(channels))
        .string(cv.topic().orElse(null))
        .integer(cv.priority())
        .string(jsonArray(cv.tags()))
        .instant(cv.openedAt())
        .instant(cv.updatedAt())
        .instant(cv.lastInboundAt().orElse(null))
        .instant(cv.firstResponseAt().orElse(null))
        .instant(cv.resolvedAt().orElse(null))
        .instant(cv.snoozedUntil().orElse(null))
        .instant(cv.firstResponseDueAt().orElse(null))
        .instant(cv.resolutionDueAt().orElse(null))
        .bigint(cv.version())
        .string(cv.lastChannel().value())
        .instant(cv.queuedAt().orElse(null))
        .string(cv.lastAgent().map(AgentId::value).orElse(null))
        .instant(cv.lastAgentAt().orElse(null))
        .string(jsonArray(cv.skills()))
        .string(cv.language().orElse(null))
        .bool(cv.handoffPending())
        .bool(cv.firstResponseBreached())
        .bool(cv.resolutionBreached())
        .instant(cv.firstBotResponseAt().orElse(null))
        .string(cv.merged().map(JdbcConversations::mergeJson).orElse(null));
  }

  /**
   * The columns a statement of another repository selects to bring a customer's conversations
   * along ({@link JdbcCustomers#findHolderCustomers}): {@code alias.<column> AS v_<column>}, or
   * {@code NULL AS v_<column>} when {@code alias} is null (a row of another kind in a union).
   */
  static String prefetchColumns(@Nullable String alias) {
    StringBuilder b = new StringBuilder();
    for (String column : SqlText.CONVERSATION_COLUMNS.split(", ")) {
      b.append(b.length() == 0 ? "" : ", ").append(alias == null ? "NULL" : alias + "." + column).append(" AS v_")
          .append(column);
    }
    return b.toString();
  }

  /**
   * Remembers a customer's conversations as read along with the customer in this unit of work:
   * they answer {@link #findByCustomers} for the customer until this unit writes a conversation.
   * Under READ COMMITTED a second query could see newer data, but no more correct data, than that
   * read of a moment ago.
   *
   * @param customer the customer
   * @param conversations all its conversations
   */
  void prefetched(CustomerId customer, List<Conversation> conversations) {
    prefetched.put(customer, List.copyOf(conversations));
  }

  /** Newest opened first, ties by id descending in the databases' order (unsigned bytes). */
  private static final Comparator<Conversation> NEWEST_FIRST = Comparator.comparing(Conversation::openedAt)
      .thenComparing((Conversation cv) -> cv.id().value(), (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
      }).reversed();

  @Override
  public List<Conversation> findByCustomers(Collection<CustomerId> customers) {
    tx.checkOpen();
    if (customers.isEmpty()) {
      return List.of();
    }
    if (prefetched.keySet().containsAll(customers)) {
      List<Conversation> out = new ArrayList<>();
      new LinkedHashSet<>(customers).forEach(id -> out.addAll(prefetched.get(id)));
      out.sort(NEWEST_FIRST);
      return out;
    }
    List<CustomerId> ids = new ArrayList<>(new LinkedHashSet<>(customers));
    String q = "SELECT " + SqlText.CONVERSATION_COLUMNS + " FROM " + sql.conversations
        + " WHERE tenant = ? AND customer_id IN (" + Sql.placeholders(ids.size()) + ") ORDER BY opened_at DESC, id DESC";
    return db.list("listing conversations", q, p -> {
      p.string(t);
      for (CustomerId id : ids) {
        p.id(id.value());
      }
    }, this::conversationFrom);
  }

  private void checkLengths(Conversation cv) {
    JdbcStore store = tx.store();
    store.checkLength("conversations.tenant", t);
    store.checkLength("conversations.owner", cv.owner().toString());
    cv.topic().ifPresent(x -> store.checkLength("conversations.topic", x));
  }

  @Override
  public void insert(Conversation conversation) {
    tx.checkOpen();
    prefetched.clear();
    checkLengths(conversation);
    db.update("inserting conversation " + conversation.id(), sql.insertConversation, p -> {
      p.string(t).id(conversation.id().value()).id(conversation.customerId().value());
      bindState(p, conversation);
    }, () -> "conversation " + conversation.id() + " already exists");
  }

  @Override
  public void update(Conversation conversation, long expectedVersion) {
    tx.checkOpen();
    prefetched.clear();
    checkLengths(conversation);
    String what = "updating conversation " + conversation.id();
    UUID id = conversation.id().value();
    int changed = db.update(what, sql.updateConversation, p -> {
      p.id(conversation.customerId().value());
      bindState(p, conversation);
      p.string(t).id(id).bigint(expectedVersion);
    });
    if (changed == 0) {
      throw SqlErrors.staleVersion("conversation", id,
          db.first(what, sql.conversationVersion, p -> p.string(t).id(id), rs -> rs.getLong(1)), expectedVersion);
    }
  }

  /** The conversations of this tenant that match {@code where}; {@code more} binds its parameters. */
  private List<Conversation> conversations(String where, Sql.Binder more, String orderAndLimit) {
    String q = "SELECT " + SqlText.CONVERSATION_COLUMNS + " FROM " + sql.conversations + " WHERE tenant = ? AND "
        + where + orderAndLimit;
    return db.list("listing conversations", q, p -> more.bind(p.string(t)), this::conversationFrom);
  }

  @Override
  public List<Conversation> findQueued(int limit) {
    tx.checkOpen();
    Sql.limit(limit);
    List<Conversation> out = conversations("queued_at IS NOT NULL AND status = 'OPEN'", p -> p.integer(limit),
        " ORDER BY queued_at, id LIMIT ?");
    out.sort(Comparator.comparing((Conversation cv) -> cv.queuedAt().orElseThrow()).thenComparing(Conversation::id));
    return out;
  }

  @Override
  public List<Conversation> findActiveByOwner(Participant owner) {
    tx.checkOpen();
    List<Conversation> out = conversations("owner = ? AND " + ACTIVE, p -> p.string(owner.toString()), "");
    out.sort(Comparator.comparing(Conversation::openedAt).thenComparing(Conversation::id));
    return out;
  }

  @Override
  public List<Conversation> findSlaDue(Instant now, int limit) {
    tx.checkOpen();
    Sql.limit(limit);
    // A row's key is the earlier of its due times that apply. The first `limit` by key are among the
    // first `limit` of each due time, so two bounded, index-ordered reads suffice however many are due.
    Map<ConversationId, Conversation> candidates = new LinkedHashMap<>();
    for (Conversation cv : conversations(ACTIVE + " AND first_response_due_at <= ? AND first_response_at IS NULL"
        + " AND first_response_breached = FALSE", p -> p.instant(now).integer(limit),
        " ORDER BY first_response_due_at, id LIMIT ?")) {
      candidates.put(cv.id(), cv);
    }
    for (Conversation cv : conversations(ACTIVE + " AND resolution_due_at <= ? AND resolution_breached = FALSE",
        p -> p.instant(now).integer(limit), " ORDER BY resolution_due_at, id LIMIT ?")) {
      candidates.putIfAbsent(cv.id(), cv);
    }
    List<Conversation> out = new ArrayList<>(candidates.values());
    out.sort(Comparator.comparing((Conversation cv) -> slaKey(cv, now)).thenComparing(Conversation::id));
    return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
  }

  private static Instant slaKey(Conversation cv, Instant now) {
    Instant key = null;
    if (cv.firstResponseDueAt().isPresent() && !cv.firstResponseDueAt().get().isAfter(now)
        && cv.firstResponseAt().isEmpty() && !cv.firstResponseBreached()) {
      key = cv.firstResponseDueAt().get();
    }
    if (cv.resolutionDueAt().isPresent() && !cv.resolutionDueAt().get().isAfter(now) && !cv.resolutionBreached()) {
      Instant r = cv.resolutionDueAt().get();
      key = key == null || r.isBefore(key) ? r : key;
    }
    return key == null ? now : key;
  }

  @Override
  public List<Conversation> findSnoozeDue(Instant now, int limit) {
    tx.checkOpen();
    Sql.limit(limit);
    List<Conversation> out = conversations("status = 'SNOOZED' AND snoozed_until <= ?",
        p -> p.instant(now).integer(limit), " ORDER BY snoozed_until, id LIMIT ?");
    out.sort(Comparator.comparing((Conversation cv) -> cv.snoozedUntil().orElseThrow()).thenComparing(Conversation::id));
    return out;
  }
}
