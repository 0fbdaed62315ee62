package io.github.omnictx.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.Presence;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statements the inbound path costs on PostgreSQL, counted through the {@code DataSource}
 * (see {@link CountingDataSource}) for one webhook delivery after the warm-up: pinned exactly, so
 * the number cannot grow unnoticed. The counts are the ones {@link JdbcStore}'s Javadoc states.
 */
class PostgresInboundStatementsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "cnt_";

  /** {"messages":[{"id":..,"phone":..,"email":..?}]}: a message per entry, from its phone (and e-mail). */
  static final class CountedAdapter implements InboundAdapter {
    @Override
    public String id() {
      return "counted";
    }

    @Override
    public ChannelId channel() {
      return Channels.WHATSAPP.id();
    }

    @Override
    public void verify(WebhookRequest request) {
      if (request.header("X-Secret").isEmpty()) {
        throw new SignatureException("no X-Secret", true);
      }
    }

    @Override
    public List<InboundEvent> parse(WebhookRequest request) {
      JsonNode root;
      try {
        root = JSON.readTree(request.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<InboundEvent> out = new ArrayList<>();
      for (JsonNode m : root.get("messages")) {
        List<Identity> sender = new ArrayList<>(List.of(Identity.phone(m.get("phone").asText())));
        if (m.has("email")) {
          sender.add(Identity.email(m.get("email").asText()));
        }
        out.add(new InboundTouch(m.get("id").asText(), sender, Optional.empty(), Instant.parse("2026-03-02T08:59:00Z"),
            TouchpointType.MESSAGE, Direction.INBOUND, Optional.of("hi"), List.of(), Optional.empty(), m));
      }
      return out;
    }
  }

  private final MutableClock clock = MutableClock.atMondayMorning();
  private CountingDataSource counted;
  private OmniTenant shop;
  private int next;

  @BeforeEach
  void freshTables() throws Exception {
    try (Connection c = DriverManager.getConnection(TestDatabases.postgresUrl()); Statement s = c.createStatement()) {
      for (String table : List.of("poll_cursors", "journey_runs", "privacy_erasures", "privacy_tombstones", "outbox", "outbound_decisions", "webhook_tokens", "handoffs", "agents", "touchpoints",
          "identities", "conversations", "customers", "merge_customers", "merges", "schema_history")) {
        s.execute("DROP TABLE IF EXISTS " + PREFIX + table);
      }
    }
    counted = new CountingDataSource(new TinyPool(TestDatabases.postgresUrl()));
    JdbcStore store = JdbcStore.builder(counted).dialect(JdbcDialect.POSTGRESQL).tablePrefix(PREFIX).migrate(true)
        .build();
    shop = Omni.builder().store(store).clock(clock).adapter(new CountedAdapter()).build()
        .tenant("t-" + UUID.randomUUID());
  }

  private static String message(String id, String phone, String email) {
    return "{\"id\":\"" + id + "\",\"phone\":\"" + phone + "\"" + (email == null ? "" : ",\"email\":\"" + email + "\"")
        + "}";
  }

  private WebhookResult deliver(String... messages) {
    return shop.webhooks().process("counted", WebhookRequest.builder("POST", "https://shop.example/hooks/counted")
        .header("X-Secret", "s").header("Content-Type", "application/json")
        .body("{\"messages\":[" + String.join(",", messages) + "]}").build());
  }

  /** Delivers one message and returns the statements it cost (the commit not among them). */
  private List<String> counting(String message) {
    counted.reset();
    WebhookResult r = deliver(message);
    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.recorded()).hasSize(1);
    assertThat(counted.commits()).as("commits").isEqualTo(1);
    return counted.statements();
  }

  private String id() {
    return "m" + next++;
  }

  @Test
  void knownSendersMessageJoiningTheirOpenConversationCostsThreeStatementsAndTheCommit() {
    deliver(message(id(), "+4915112345678", null));

    List<String> sent = counting(message(id(), "+4915112345678", null));

    // the sender with their customer and conversations; the conversation; the touchpoint
    assertThat(sent).as("statements: %s", sent).hasSize(3);
    assertThat(sent.get(0)).startsWith("WITH h AS");
    assertThat(sent.get(1)).startsWith("UPDATE cnt_conversations");
    assertThat(sent.get(2)).startsWith("INSERT INTO cnt_touchpoints");
  }

  @Test
  void newSendersFirstMessageCostsSixStatementsAndTheCommit() {
    List<String> sent = counting(message(id(), "+4915112345678", null));

    // the sender (unknown); the customer; its identity; the conversation; the touchpoint; the
    // agents routing could give it to
    assertThat(sent).as("statements: %s", sent).hasSize(6);
  }

  @Test
  void knownSenderWithANewIdentityIsLinkedForFourStatementsMore() {
    deliver(message(id(), "+4915112345678", null));

    List<String> sent = counting(message(id(), "+4915112345678", "anna@example.com"));

    // as a known sender, and to link: the customer's identities; the identity still free; the
    // customer; the new identity
    assertThat(sent).as("statements: %s", sent).hasSize(7);
    assertThat(sent.subList(5, 7)).as("then as for a known sender").allMatch(x -> !x.startsWith("SELECT"));
  }

  @Test
  void messageNamingTwoCustomersMergesThem() {
    deliver(message(id(), "+4915112345678", null));
    deliver(message(id(), "+4915187654321", "anna@example.com"));

    List<String> sent = counting(message(id(), "+4915112345678", "anna@example.com"));

    // the senders with their customers; for the one absorbed: its identities, the customer, its
    // identities gone; for the survivor: its identities, the one still free, the customer, the new
    // identity; the merge and who it merged; who is merged into the survivor now; the two open
    // conversations folded into one (both rewritten, the group read again and its conversations
    // read); then as for a known sender
    assertThat(sent).as("statements: %s", sent).hasSize(17);
  }

  @Test
  void deliveryOfAHundredMessagesCommitsOnce() {
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      messages.add(message(id(), "+49151" + (20_000_000 + i % 10), null));
    }
    counted.reset();
    WebhookResult r = deliver(messages.toArray(String[]::new));

    assertThat(r.recorded()).hasSize(100);
    assertThat(counted.commits()).isEqualTo(1);
    assertThat(counted.statements()).as("agents listed for routing the ten new conversations")
        .filteredOn(x -> x.startsWith("SELECT agent FROM")).hasSize(1);
  }

  @Test
  void redeliveryIsRolledBackAndCommitsNothing() {
    String m = message(id(), "+4915112345678", null);
    deliver(m);
    counted.reset();

    WebhookResult again = deliver(m);

    assertThat(again.response().status()).isEqualTo(200);
    assertThat(again.duplicates()).isEqualTo(1);
    assertThat(counted.commits()).isZero();
    // the append found it: what the attempt wrote is rolled back, the next attempt answers it
    assertThat(counted.statements()).as("statements: %s", counted.statements()).hasSize(5)
        .last().isEqualTo("ROLLBACK");
  }

  /**
   * With an agent available who has room only for calls, routing can place no message, and the
   * queue grows with every first message. Opening the next conversation costs the same statements
   * and reads the same rows whether 20 or 220 conversations wait: the queue is never read.
   */
  @Test
  void openingAConversationCostsTheSameHoweverManyAreOpen() {
    Agent.Builder calls = Agent.builder(AgentId.of("ann")).presence(Presence.AVAILABLE);
    for (ChannelKind k : ChannelKind.values()) {
      calls.capacity(k, k == ChannelKind.VOICE ? 5 : 0);
    }
    shop.agents().register(calls.build());
    int[] statements = new int[2];
    int[] rows = new int[2];
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < (round == 0 ? 20 : 200); i++) {
        deliver(message(id(), "+49151" + (30_000_000 + next), null));
      }
      statements[round] = counting(message(id(), "+49151" + (30_000_000 + next), null)).size();
      rows[round] = counted.rows();
    }
    assertThat(statements[1]).as("statements with 221 open").isEqualTo(statements[0]);
    assertThat(rows[1]).as("rows read with 221 open").isEqualTo(rows[0]);
  }
}
