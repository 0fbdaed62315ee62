package io.github.omnictx.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.privacy.ErasureReceipt;
import io.github.omnictx.core.privacy.PrivacySettings;
import io.github.omnictx.core.testing.FakeInbox;
import io.github.omnictx.core.testing.FakeProvider;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.testing.PrivacyFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The erase must-show on PostgreSQL: a person with identities on four channels, a conversation with
 * a handoff, a purchase, consents, a merge and an order update queued on SMS is erased; then a dump of the whole database holds
 * none of her e-mail, phone, name, loyalty card, notes or message text, and the volume of
 * touchpoints per channel and type is what it was.
 *
 * <p>The dump is {@code pg_dump}'s. Without a {@code pg_dump} on the machine the test is skipped,
 * saying so. When the {@code pg_dump} there is older than the server (the embedded PostgreSQL is
 * newer than most distributions' client), it cannot dump it; the test then dumps every table of the
 * database through the COPY protocol, as pg_dump does for data, and says so.
 */
class PostgresPrivacyDumpTest {
  private static final byte[] SECRET = "the dump test's tenant secret, 32 bytes+".getBytes(StandardCharsets.UTF_8);

  @Test
  void afterAnEraseADumpOfTheDatabaseHoldsNothingOfThePersonAndTheVolumesStay() throws Exception {
    Optional<Path> pgDump = pgDump();
    org.junit.jupiter.api.Assumptions.assumeTrue(pgDump.isPresent(), () -> {
      System.err.println("[privacy dump] pg_dump not found on PATH or at /usr/bin/pg_dump: dump test skipped");
      return "pg_dump not found";
    });
    String url = TestDatabases.postgresUrl();
    JdbcStore store = JdbcStore.builder(new TinyPool(url)).tablePrefix("omni_privdump_").migrate(true).build();
    MutableClock clock = MutableClock.atMondayMorning();
    Omni omni = Omni.builder().store(store).clock(clock).adapter(new FakeInbox("inbox", Channels.WHATSAPP.id()))
        .adapter(new FakeProvider("fake-sms", Channels.SMS.id()))
        .privacy(PrivacySettings.builder().tombstoneSecret(SECRET).build()).build();
    TenantId tenant = TenantId.of("dump-" + UUID.randomUUID());
    OmniTenant shop = omni.tenant(tenant);
    PrivacyFixture anna = PrivacyFixture.random();
    PrivacyFixture.Seeded s = anna.seed(shop, clock);

    String before = dump(pgDump.get(), url);
    assertThat(found(before, anna)).as("the dump finds her before the erase").containsAll(anna.secrets());
    Map<String, Long> volumes = volumes(url, tenant);

    ErasureReceipt receipt = shop.privacy().erase(s.web(), "dsr-" + UUID.randomUUID());

    String after = dump(pgDump.get(), url);
    assertThat(found(after, anna)).as("what of her the dump holds after the erase").isEmpty();
    assertThat(volumes(url, tenant)).isEqualTo(volumes);
    assertThat(receipt.count("touchpoints")).isEqualTo(volumes.values().stream().mapToLong(Long::longValue).sum());
  }

  private static List<String> found(String dump, PrivacyFixture anna) {
    String lower = dump.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (String secret : anna.secrets()) {
      if (lower.contains(secret.toLowerCase(Locale.ROOT))) {
        out.add(secret);
      }
    }
    return out;
  }

  private static Map<String, Long> volumes(String url, TenantId tenant) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("SELECT channel, type, direction, date_trunc('day', occurred_at), "
            + "count(*) FROM omni_privdump_touchpoints WHERE tenant = ? GROUP BY 1, 2, 3, 4")) {
      ps.setString(1, tenant.value());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getString(4), rs.getLong(5));
        }
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  private static Optional<Path> pgDump() {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, "pg_dump"));
      }
    }
    candidates.add(Path.of("/usr/bin/pg_dump"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** pg_dump's plain-text dump of the whole database; the COPY fallback when pg_dump cannot dump this server. */
  private static String dump(Path pgDump, String jdbcUrl) throws Exception {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String user = "postgres";
    for (String kv : Optional.ofNullable(uri.getQuery()).orElse("").split("&")) {
      if (kv.startsWith("user=")) {
        user = kv.substring(5);
      }
    }
    String db = uri.getPath().substring(1);
    ProcessBuilder pb = new ProcessBuilder(pgDump.toString(), "--host=" + uri.getHost(), "--port=" + uri.getPort(),
        "--username=" + user, "--no-password", "--format=plain", db).redirectErrorStream(false);
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drainErr = new Thread(() -> {
      try {
        p.getErrorStream().transferTo(err);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    drainErr.start();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("pg_dump finished").isTrue();
    drainErr.join();
    String message = err.toString(StandardCharsets.UTF_8);
    if (p.exitValue() != 0 && message.contains("server version mismatch")) {
      System.err.println("[privacy dump] " + message.strip() + " -> dumping every table through COPY instead");
      return copyDump(jdbcUrl);
    }
    assertThat(p.exitValue()).as("pg_dump exit code; stderr: %s", message).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String copyDump(String jdbcUrl) throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) "
          + "FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table + " TO STDOUT", out);
        all.append("-- ").append(table).append('\n').append(out.toString(StandardCharsets.UTF_8));
      }
    }
    return all.toString();
  }
}
