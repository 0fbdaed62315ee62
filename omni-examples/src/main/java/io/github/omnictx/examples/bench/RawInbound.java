package io.github.omnictx.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.IdGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * The hand-written baseline of the inbound path: what a team would write for WhatsApp deliveries
 * with plain JDBC, into Omni's own tables (under its own tenant, so the two sides share tables,
 * indexes and the machine). Per delivery: check the {@code X-Hub-Signature-256} HMAC over the body,
 * parse the JSON with Jackson, then in one transaction, for each message: look up the sender's
 * identities, its phone or its WhatsApp id (a new sender gets a customer and both identities), update the customer's open
 * conversation or insert one, insert the touchpoint (its external id unique per channel, a
 * redelivered message changes nothing), and commit once. A unique-key or serialization conflict
 * with a concurrent delivery rolls back and runs the delivery again, as Omni's unit of work does.
 *
 * <p>What it leaves out, and Omni does: libphonenumber validation (here only a digit check),
 * events, routing, SLAs, merge groups. Thread-safe: it holds no state but its configuration.
 */
final class RawInbound {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WA_ID = Pattern.compile("[1-9][0-9]{6,14}");
  private static final int ATTEMPTS = 5;

  private final DataSource ds;
  private final String tenant;
  private final String prefix;
  private final byte[] secret;
  private final Clock clock;
  private final IdGenerator ids;

  RawInbound(DataSource ds, String tenant, String prefix, String secret, Clock clock, IdGenerator ids) {
    this.ds = ds;
    this.tenant = tenant;
    this.prefix = prefix;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.ids = ids;
  }

  /**
   * Handles one delivery.
   *
   * @param body the request body
   * @param signature the {@code X-Hub-Signature-256} header
   * @return the HTTP status: 200, 403 on a bad signature, 400 on a body that is not a delivery
   * @throws SQLException when the database fails for good
   */
  int handle(byte[] body, String signature) throws SQLException {
    if (!signatureMatches(body, signature)) {
      return 403;
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return 400;
    }
    for (int attempt = 1; ; attempt++) {
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        for (JsonNode entry : root.path("entry")) {
          for (JsonNode change : entry.path("changes")) {
            for (JsonNode message : change.path("value").path("messages")) {
              if (!message(c, message)) {
                c.rollback();
                return 400;
              }
            }
          }
        }
        c.commit();
        return 200;
      } catch (SQLException e) {
        String state = e.getSQLState();
        boolean conflict = "23505".equals(state) || "40001".equals(state) || "40P01".equals(state);
        if (!conflict || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private boolean signatureMatches(byte[] body, String header) {
    if (!header.startsWith("sha256=")) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring("sha256=".length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return MessageDigest.isEqual(mac.doFinal(body), given);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Records one message in the delivery's transaction; false when the message is malformed. */
  private boolean message(Connection c, JsonNode m) throws SQLException {
    String from = m.path("from").asText();
    String externalId = m.path("id").asText();
    long epoch = m.path("timestamp").asLong(-1);
    if (!WA_ID.matcher(from).matches() || externalId.isEmpty() || epoch < 0) {
      return false;
    }
    String phone = "+" + from;
    OffsetDateTime now = OffsetDateTime.now(clock);
    OffsetDateTime occurred = OffsetDateTime.ofInstant(Instant.ofEpochSecond(epoch), ZoneOffset.UTC);
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("text", m.path("text").path("body").asText());
    payload.set("provider", m);

    UUID customer = null;
    // The sender is known by either of its identities, as Omni resolves it: the phone and the WhatsApp id.
    try (PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM " + prefix + "identities WHERE tenant = ?"
        + " AND ((kind = 'PHONE' AND identity_value = ?) OR (kind = 'WHATSAPP' AND identity_value = ?)) LIMIT 1")) {
      ps.setString(1, tenant);
      ps.setString(2, phone);
      ps.setString(3, from);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          customer = rs.getObject(1, UUID.class);
        }
      }
    }
    UUID conversation = null;
    if (customer == null) {
      customer = ids.next();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + prefix + "customers (tenant, id, version, "
          + "created_at, updated_at, merged_into, attributes, consents, preferences) VALUES (?, ?, 0, ?, ?, NULL, "
          + "'{}', '[]', '{\"channels\":[],\"zone\":\"UTC\"}')")) {
        ps.setString(1, tenant);
        ps.setObject(2, customer);
        ps.setObject(3, now);
        ps.setObject(4, now);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + prefix
          + "identities (tenant, kind, identity_value, customer_id) VALUES (?, 'PHONE', ?, ?), (?, 'WHATSAPP', ?, ?)")) {
        ps.setString(1, tenant);
        ps.setString(2, phone);
        ps.setObject(3, customer);
        ps.setString(4, tenant);
        ps.setString(5, from);
        ps.setObject(6, customer);
        ps.executeUpdate();
      }
    } else {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + prefix + "conversations SET updated_at = ?, "
          + "last_inbound_at = ?, last_channel = 'whatsapp', version = version + 1 WHERE tenant = ? AND customer_id = ?"
          + " AND status = 'OPEN' RETURNING id")) {
        ps.setObject(1, now);
        ps.setObject(2, now);
        ps.setString(3, tenant);
        ps.setObject(4, customer);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            conversation = rs.getObject(1, UUID.class);
          }
        }
      }
    }
    if (conversation == null) {
      conversation = ids.next();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + prefix + "conversations (tenant, id, "
          + "customer_id, status, owner, channels, priority, tags, opened_at, updated_at, last_inbound_at, version, "
          + "last_channel, queued_at, skills) VALUES (?, ?, ?, 'OPEN', 'queue:default', '[\"whatsapp\"]', 0, '[]', ?, ?, ?, "
          + "0, 'whatsapp', ?, '[]')")) {
        ps.setString(1, tenant);
        ps.setObject(2, conversation);
        ps.setObject(3, customer);
        ps.setObject(4, now);
        ps.setObject(5, now);
        ps.setObject(6, now);
        ps.setObject(7, now);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + prefix + "touchpoints (tenant, id, customer_id, "
        + "channel, type, direction, occurred_at, recorded_at, conversation_id, external_id, payload, status) VALUES "
        + "(?, ?, ?, 'whatsapp', 'message', 'INBOUND', ?, ?, ?, ?, CAST(? AS jsonb), NULL) "
        + "ON CONFLICT (tenant, channel, external_id) DO NOTHING")) {
      ps.setString(1, tenant);
      ps.setObject(2, ids.next());
      ps.setObject(3, customer);
      ps.setObject(4, occurred);
      ps.setObject(5, now);
      ps.setObject(6, conversation, Types.OTHER);
      ps.setString(7, externalId);
      ps.setString(8, payload.toString());
      ps.executeUpdate();
    }
    return true;
  }
}
