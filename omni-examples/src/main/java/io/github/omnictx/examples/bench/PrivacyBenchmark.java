package io.github.omnictx.examples.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.omnictx.core.IdGenerator;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.privacy.ErasureReceipt;
import io.github.omnictx.core.privacy.PrivacySettings;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.store.jdbc.JdbcStore;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Erase and export of a customer with 10,000 touchpoints on PostgreSQL, Omni's {@code privacy()}
 * against a hand-written cascade on the same tables in the same run: rounds alternate, each side
 * on a customer of its own seeded the same way (an e-mail and a phone, consents, 10,000 WhatsApp
 * messages with text in one conversation). The cascade does what an application would write by
 * hand: in one transaction, read the identities, store their hashes, delete them, blank the
 * touchpoints and the conversation, clear the profile and record that it happened; its export
 * reads the profile, identities and the touchpoints in one query and writes JSON. Both exports go
 * to a stream that only counts bytes. Prints the median of the rounds and the ratio.
 *
 * <pre>
 * mvn -B -q -pl omni-examples -am -DskipTests package exec:java \
 *   -Dexec.mainClass=io.github.omnictx.examples.bench.PrivacyBenchmark \
 *   [-Dexec.args="jdbc:postgresql://127.0.0.1:5432/test?user=postgres"] [-Domni.bench.rounds=5]
 * </pre>
 *
 * The URL defaults to {@code OMNI_TEST_POSTGRES_URL}, then to the local server. Tables are prefixed
 * {@code pbench_}; every {@code pbench_} table is dropped first.
 */
public final class PrivacyBenchmark {
  private static final int TOUCHPOINTS = 10_000;
  private static final String P = "pbench_";
  private static final byte[] SECRET = "the privacy benchmark's tenant secret".getBytes(StandardCharsets.UTF_8);

  private final Clock clock = Clock.systemUTC();
  private final IdGenerator ids = IdGenerator.timeOrdered(clock);
  private final TenantId tenant = TenantId.of("pbench");

  private PrivacyBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional: the PostgreSQL JDBC URL
   * @throws Exception if the database fails
   */
  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0]
        : Optional.ofNullable(System.getenv("OMNI_TEST_POSTGRES_URL")).orElse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    new PrivacyBenchmark().run(url, Integer.getInteger("omni.bench.rounds", 5));
  }

  private void run(String url, int rounds) throws Exception {
    System.out.printf(Locale.ROOT, "Omni privacy benchmark: erase and export of a customer with %,d touchpoints, %d rounds, %s%n",
        TOUCHPOINTS, rounds, url.replaceAll("password=[^&]*", "password=***"));
    try (OneConnectionDataSource ds = new OneConnectionDataSource(url)) {
      dropTables(ds);
      JdbcStore store = JdbcStore.builder(ds).tablePrefix(P).migrate(true).batchSize(1000).build();
      OmniTenant shop = Omni.builder().store(store).clock(clock).idGenerator(ids)
          .privacy(PrivacySettings.builder().tombstoneSecret(SECRET).build()).build().tenant(tenant);
      long[][] omni = new long[2][rounds];
      long[][] raw = new long[2][rounds];
      for (int r = 0; r < rounds; r++) {
        CustomerId a = seed(shop, "omni" + r);
        CustomerId b = seed(shop, "raw" + r);
        boolean omniFirst = r % 2 == 0;
        for (int side = 0; side < 2; side++) {
          if ((side == 0) == omniFirst) {
            omni[0][r] = time(() -> shop.privacy().export(a, new Counting()));
            omni[1][r] = time(() -> check(shop.privacy().erase(a, "dsr-" + UUID.randomUUID())));
          } else {
            raw[0][r] = time(() -> rawExport(ds, b, new Counting()));
            raw[1][r] = time(() -> rawErase(ds, b));
          }
        }
      }
      report("export", omni[0], raw[0]);
      report("erase", omni[1], raw[1]);
    }
  }

  private static void check(ErasureReceipt receipt) {
    if (receipt.count("touchpoints") != TOUCHPOINTS) {
      throw new IllegalStateException("erase reached " + receipt.count("touchpoints") + " touchpoints");
    }
  }

  private CustomerId seed(OmniTenant shop, String name) {
    Customer c = shop.customers().create(List.of(Identity.email(name + "@example.com"),
        Identity.phone("+49151" + String.format("%08d", Math.abs(name.hashCode()) % 100_000_000))),
        Map.of("name", "Bench " + name));
    shop.consents().record(c.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "bench");
    Instant start = clock.instant().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.MICROS);
    List<NewTouchpoint> batch = new ArrayList<>();
    for (int i = 0; i < TOUCHPOINTS; i++) {
      batch.add(NewTouchpoint.builder(c.id(), Channels.WHATSAPP.id(), TouchpointType.MESSAGE)
          .externalId("wamid." + name + "." + i).occurredAt(start.plusSeconds(i * 60L))
          .payload(JsonNodeFactory.instance.objectNode().put("text", "message " + i + " from " + name))
          .build());
      if (batch.size() == 1000) {
        shop.timeline().recordAll(batch);
        batch.clear();
      }
    }
    return c.id();
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  private static long time(Work w) throws Exception {
    long t0 = System.nanoTime();
    w.run();
    return System.nanoTime() - t0;
  }

  private void rawExport(OneConnectionDataSource ds, CustomerId customer, OutputStream out) throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (Connection c = ds.getConnection(); JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      try (PreparedStatement ps = c.prepareStatement("SELECT attributes, consents FROM " + P
          + "customers WHERE tenant = ? AND id = ?")) {
        ps.setString(1, tenant.value());
        ps.setObject(2, customer.value());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          g.writeStringField("attributes", rs.getString(1));
          g.writeStringField("consents", rs.getString(2));
        }
      }
      g.writeArrayFieldStart("identities");
      try (PreparedStatement ps = c.prepareStatement("SELECT kind, identity_value FROM " + P
          + "identities WHERE tenant = ? AND customer_id = ?")) {
        ps.setString(1, tenant.value());
        ps.setObject(2, customer.value());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            g.writeStartObject();
            g.writeStringField("kind", rs.getString(1));
            g.writeStringField("value", rs.getString(2));
            g.writeEndObject();
          }
        }
      }
      g.writeEndArray();
      g.writeArrayFieldStart("touchpoints");
      try (PreparedStatement ps = c.prepareStatement("SELECT id, channel, type, direction, occurred_at, external_id, "
          + "payload FROM " + P + "touchpoints WHERE tenant = ? AND customer_id = ? ORDER BY occurred_at, id")) {
        ps.setString(1, tenant.value());
        ps.setObject(2, customer.value());
        ps.setFetchSize(1000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            g.writeStartObject();
            g.writeStringField("id", rs.getString(1));
            g.writeStringField("channel", rs.getString(2));
            g.writeStringField("type", rs.getString(3));
            g.writeStringField("direction", rs.getString(4));
            g.writeStringField("occurredAt", rs.getString(5));
            g.writeStringField("externalId", rs.getString(6));
            g.writeFieldName("payload");
            g.writeRawValue(rs.getString(7));
            g.writeEndObject();
          }
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private void rawErase(OneConnectionDataSource ds, CustomerId customer) throws Exception {
    String t = tenant.value();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<String> hashes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, identity_value FROM " + P
            + "identities WHERE tenant = ? AND customer_id = ?")) {
          ps.setString(1, t);
          ps.setObject(2, customer.value());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              MessageDigest sha = MessageDigest.getInstance("SHA-256");
              hashes.add(HexFormat.of().formatHex(sha.digest((rs.getString(1) + "\n" + rs.getString(2))
                  .getBytes(StandardCharsets.UTF_8))));
            }
          }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + P
            + "privacy_tombstones (tenant, digest, created_at) VALUES (?, ?, now())")) {
          for (String h : hashes) {
            ps.setString(1, t);
            ps.setString(2, h);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        update(c, "DELETE FROM " + P + "identities WHERE tenant = ? AND customer_id = ?", customer);
        update(c, "UPDATE " + P + "touchpoints SET payload = '{}'::jsonb, external_id = NULL, body_removed_at = now() "
            + "WHERE tenant = ? AND customer_id = ?", customer);
        update(c, "UPDATE " + P + "conversations SET topic = NULL, tags = '[]' WHERE tenant = ? AND customer_id = ?",
            customer);
        update(c, "DELETE FROM " + P + "outbound_decisions WHERE tenant = ? AND customer_id = ?", customer);
        update(c, "UPDATE " + P + "customers SET attributes = '{}', consents = '[]', erased_at = now() "
            + "WHERE tenant = ? AND id = ?", customer);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + P + "privacy_erasures (tenant, customer_id, "
            + "request_id, erased_at, receipt) VALUES (?, ?, ?, now(), '{}')")) {
          ps.setString(1, t);
          ps.setObject(2, customer.value());
          ps.setString(3, "raw-" + UUID.randomUUID());
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private void update(Connection c, String sql, CustomerId customer) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant.value());
      ps.setObject(2, customer.value());
      ps.executeUpdate();
    }
  }

  private static void report(String what, long[] omni, long[] raw) {
    double o = median(omni) / 1e6;
    double r = median(raw) / 1e6;
    System.out.printf(Locale.ROOT, "%-7s Omni %8.1f ms   hand-written %8.1f ms   Omni/hand-written %.2f  (medians)%n",
        what, o, r, o / r);
  }

  private static double median(long[] values) {
    long[] v = values.clone();
    java.util.Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
  }

  private static void dropTables(OneConnectionDataSource ds) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
          + " AND tablename LIKE 'pbench\\_%'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        s.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
      }
    }
  }

  /** Counts the bytes written, keeps none. */
  private static final class Counting extends OutputStream {
    private long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
