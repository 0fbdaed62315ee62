package io.github.omnictx.examples.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.omnictx.channels.email.ImapPoller;
import io.github.omnictx.channels.email.MailAdapter;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.spi.ChannelAdapter;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import io.github.omnictx.core.webhook.WebhookResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A webhook endpoint on the JDK's own HTTP server: every registered adapter is mounted at {@code
 * POST|GET /webhooks/<adapter id>}, and each request goes through {@code
 * omni.tenant(t).webhooks().handle(...)}. This is all the glue an application needs; in a real
 * service the same few lines sit in its own framework's controller.
 *
 * <p>Run it with the providers' secrets in the environment (see the README), then point each
 * provider at {@code <OMNI_PUBLIC_URL>/webhooks/<adapter id>}.
 *
 * <p>Slow senders: the JDK's server reads each request on one of its eight threads and has no
 * per-read timeout, so eight clients trickling bytes would hold every thread forever. {@link #start}
 * therefore bounds the time from accepting a connection to the response headers, and from there to
 * the end of the response, by the JDK's own {@value #MAX_REQUEST_TIME_PROPERTY} and {@value
 * #MAX_RESPONSE_TIME_PROPERTY} (seconds; {@value #DEFAULT_MAX_SECONDS} unless set): a connection
 * over either is closed and its thread freed. The JDK reads these properties once, when the first
 * {@code HttpServer} of the process starts; set them on the command line ({@code -D…}) to choose
 * other bounds.
 */
public final class WebhookServer implements AutoCloseable {
  /** The JDK's bound on receiving a request, in seconds (see the class comment). */
  public static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";
  /** The JDK's bound on sending a response, in seconds (see the class comment). */
  public static final String MAX_RESPONSE_TIME_PROPERTY = "sun.net.httpserver.maxRspTime";
  /** The bound used for both when the properties are not set: providers wait 15 to 20 seconds. */
  public static final int DEFAULT_MAX_SECONDS = 10;

  private final HttpServer server;
  private final ExecutorService executor;

  private WebhookServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts the server.
   *
   * @param tenant the tenant whose pipeline handles the webhooks
   * @param address where to listen (port 0 for any free port)
   * @param publicBaseUrl the URL providers call, without a trailing slash (Twilio signs the full
   *     URL, so behind a proxy this must be the public one)
   * @return the running server
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static WebhookServer start(OmniTenant tenant, InetSocketAddress address, String publicBaseUrl) {
    return start(tenant, address, publicBaseUrl, line -> { });
  }

  /**
   * Starts the server, reporting one line per request: method, adapter, status and what was
   * recorded ({@code POST telegram 200 recorded=1 duplicates=0 statuses=0 ignored=0 rejected=0}).
   *
   * @param tenant the tenant whose pipeline handles the webhooks
   * @param address where to listen (port 0 for any free port)
   * @param publicBaseUrl the URL providers call, without a trailing slash
   * @param requestLog receives the line of each request, on the server's threads
   * @return the running server
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static WebhookServer start(OmniTenant tenant, InetSocketAddress address, String publicBaseUrl,
      Consumer<String> requestLog) {
    // before the first HttpServer of the process: the JDK reads these once
    System.getProperties().putIfAbsent(MAX_REQUEST_TIME_PROPERTY, Integer.toString(DEFAULT_MAX_SECONDS));
    System.getProperties().putIfAbsent(MAX_RESPONSE_TIME_PROPERTY, Integer.toString(DEFAULT_MAX_SECONDS));
    try {
      HttpServer http = HttpServer.create(address, 64);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      http.setExecutor(pool);
      String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
      http.createContext("/webhooks/", exchange -> handle(tenant, base, exchange, requestLog));
      http.start();
      return new WebhookServer(http, pool);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address, e);
    }
  }

  private static void handle(OmniTenant tenant, String base, HttpExchange exchange, Consumer<String> requestLog)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String adapterId = path.substring("/webhooks/".length());
      String query = exchange.getRequestURI().getRawQuery();
      WebhookRequest.Builder request = WebhookRequest.builder(exchange.getRequestMethod(),
              base + path + (query == null ? "" : "?" + query))
          .headers(exchange.getRequestHeaders())
          .body(readAtMost(exchange.getRequestBody(), Omni.DEFAULT_MAX_WEBHOOK_BODY_BYTES + 1));
      WebhookResult result = tenant.webhooks().process(adapterId, request.build());
      WebhookResponse response = result.response();
      requestLog.accept(line(exchange.getRequestMethod(), adapterId, result));
      byte[] body = response.body();
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** One request as a line: what came in and what Omni made of it (never its content). */
  static String line(String method, String adapterId, WebhookResult r) {
    String adapter = adapterId.length() <= 40 && adapterId.matches("[a-z0-9-]*") ? adapterId : "?";
    return method + " " + (adapter.isEmpty() ? "?" : adapter) + " " + r.response().status() + " recorded="
        + r.recorded().size() + " duplicates=" + r.duplicates() + " statuses=" + r.statusUpdates() + " ignored="
        + r.ignored() + " rejected=" + r.rejected();
  }

  /** Reads up to {@code limit} bytes: enough for the pipeline to see a body is too large (413). */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    return in.readNBytes(limit);
  }

  /** @return the port the server listens on */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * Runs the server until the process is stopped, printing one line per request. Environment:
   * {@code OMNI_PORT} (default 8080), {@code OMNI_PUBLIC_URL} (default {@code
   * http://localhost:<port>}), {@code OMNI_TENANT} (default {@code demo}), {@code OMNI_JDBC_URL}
   * (default an H2 file, see {@link StoreFromEnvironment}) and the providers' settings.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    int port = Integer.parseInt(env.getOrDefault("OMNI_PORT", "8080"));
    String publicUrl = env.getOrDefault("OMNI_PUBLIC_URL", "http://localhost:" + port);
    List<ChannelAdapter> adapters = AdaptersFromEnvironment.adapters(env);
    Omni.Builder builder = Omni.builder().store(StoreFromEnvironment.store(env));
    adapters.forEach(builder::adapter);
    OmniTenant tenant = builder.build().tenant(TenantId.of(env.getOrDefault("OMNI_TENANT", "demo")));
    WebhookServer server = start(tenant, new InetSocketAddress(port), publicUrl, System.out::println);
    System.out.println("Omni webhook server on port " + server.port() + ", data in "
        + StoreFromEnvironment.url(env).replaceAll("password=[^&;]*", "password=***"));
    if (adapters.isEmpty()) {
      System.out.println("No provider secrets in the environment: no adapter mounted (see the README).");
    }
    adapters.stream().filter(InboundAdapter.class::isInstance).filter(a -> !(a instanceof MailAdapter))
        .forEach(a -> System.out.println("  " + publicUrl + "/webhooks/" + a.id() + "  (" + a.channel() + ")"));
    List<ImapPoller> pollers = AdaptersFromEnvironment.pollers(adapters, tenant.webhooks());
    pollers.forEach(p -> System.out.println("  polling " + p.source() + " every minute  (email)"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      pollers.forEach(ImapPoller::close);
      server.close();
    }));
  }
}
