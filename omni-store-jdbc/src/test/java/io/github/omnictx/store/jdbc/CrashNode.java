package io.github.omnictx.store.jdbc;

import io.github.omnictx.core.Omni;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One dispatcher node of {@link DispatcherCrashTest}, run as its own JVM: drains the tenant's outbox
 * through {@link HttpSmsProvider} until its standard input closes (or it is killed).
 *
 * <p>Arguments: JDBC URL, table prefix, tenant, node id, provider URL, lease in milliseconds, dispatcher
 * loops.
 */
public final class CrashNode {
  private CrashNode() {}

  /**
   * Runs the node.
   *
   * @param args see the class comment
   * @throws IOException if standard input fails
   */
  public static void main(String[] args) throws IOException {
    JdbcStore store = JdbcStore.builder(new TinyPool(args[0])).tablePrefix(args[1]).migrate(false).build();
    TenantId tenant = TenantId.of(args[2]);
    String node = args[3];
    Omni omni = Omni.builder().store(store).adapter(new HttpSmsProvider(args[4], node)).build();
    int loops = Integer.parseInt(args[6]);
    OutboundDispatcher dispatcher = omni.dispatcher(DispatcherSettings.builder().nodeId(node).tenants(Set.of(tenant))
        .lease(Duration.ofMillis(Long.parseLong(args[5]))).batchSize(20)
        .backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).build());
    ScheduledExecutorService pool = Executors.newScheduledThreadPool(loops);
    dispatcher.start(pool, loops, Duration.ofMillis(25));
    System.out.println("ready " + node);
    System.out.flush();
    while (System.in.read() != -1) {
      // the parent holds standard input open while the node should run
    }
    dispatcher.close();
    pool.shutdown();
    System.out.println("stopped " + node);
  }
}
