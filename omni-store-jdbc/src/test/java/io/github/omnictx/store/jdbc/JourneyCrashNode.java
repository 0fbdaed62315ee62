package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.Omni;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.journey.BuiltInJourneys;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.timeline.DeliveryStatus;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import io.github.omnictx.core.TenantId;

/**
 * One node of {@link PostgresJourneyCrashTest}, in a JVM of its own: the abandoned-cart journey on
 * the shared PostgreSQL tables, a dispatcher with two loops, and senders that write every call
 * into the test's sends table (committed before they answer, as a provider would have accepted the
 * message). Runs until its standard input closes or it is killed.
 *
 * <p>Arguments: JDBC URL, table prefix, tenant, node id.
 */
public final class JourneyCrashNode {
  /** Rows a loop claims at once: what a killed node may leave half done is two loops' worth. */
  static final int BATCH = 10;

  private JourneyCrashNode() {}

  /** A provider that keeps every call it gets in the sends table. */
  private static final class RecordingProvider implements OutboundAdapter {
    private final ChannelId channel;
    private final Connection c;
    private final String node;
    private final String table;
    private final AtomicLong n = new AtomicLong();

    RecordingProvider(ChannelId channel, Connection c, String node, String table) {
      this.channel = channel;
      this.c = c;
      this.node = node;
      this.table = table;
    }

    @Override
    public String id() {
      return "crash-" + channel.value();
    }

    @Override
    public ChannelId channel() {
      return channel;
    }

    @Override
    public SendReceipt send(OutboundMessage message) {
      synchronized (c) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
            + " (node, channel, message_key, text) VALUES (?, ?, ?, ?)")) {
          ps.setString(1, node);
          ps.setString(2, channel.value());
          ps.setString(3, message.idempotencyKey());
          ps.setString(4, message.text().orElse(""));
          ps.executeUpdate();
        } catch (SQLException e) {
          throw new IllegalStateException("could not record the send", e);
        }
      }
      return new SendReceipt(node + "-" + channel.value() + "-" + n.incrementAndGet(), DeliveryStatus.SENT);
    }
  }

  /**
   * @param args JDBC URL, table prefix, tenant, node id
   * @throws Exception if the database fails
   */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String prefix = args[1];
    TenantId tenant = TenantId.of(args[2]);
    String node = args[3];
    Connection sends = DriverManager.getConnection(url);
    JdbcStore store = JdbcStore.builder(new TinyPool(url)).tablePrefix(prefix).migrate(false).build();
    Omni omni = Omni.builder().store(store).journey(BuiltInJourneys.abandonedCart())
        .adapter(new RecordingProvider(Channels.EMAIL.id(), sends, node, prefix + "crash_sends"))
        .adapter(new RecordingProvider(Channels.PUSH.id(), sends, node, prefix + "crash_sends"))
        .build();
    OutboundDispatcher dispatcher = omni.dispatcher(DispatcherSettings.builder().nodeId(node).batchSize(BATCH)
        .lease(Duration.ofSeconds(10)).tenants(Set.of(tenant)).build());
    ScheduledExecutorService loops = Executors.newScheduledThreadPool(2);
    dispatcher.start(loops, 2, Duration.ofMillis(200));
    System.out.println("ready " + node);
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // the parent holds our standard input open while we are to run
    }
    dispatcher.close();
    loops.shutdown();
    sends.close();
  }
}
