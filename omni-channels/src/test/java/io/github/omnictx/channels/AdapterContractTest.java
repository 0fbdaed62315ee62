package io.github.omnictx.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.webhook.SignatureException;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every adapter that receives webhooks (an {@link InboundAdapter}) passes. Extend it
 * per adapter, configured with the secret of the provider's published signature vector where one
 * exists, and feed it the recorded payloads under {@code src/test/resources/<provider>/}. An
 * adapter that also sends extends {@link MessagingAdapterContractTest} instead, which adds the
 * outbound contract; one that only sends extends {@link OutboundAdapterContractTest}. Published in
 * omni-channels' test-jar for teams writing their own adapters.
 *
 * <p>The published (or recorded) signed request verifies; one changed byte or a missing signature
 * fails with {@link SignatureException}; a signed webhook is no handshake; each recorded payload
 * parses into the expected events; garbage, truncated bodies and unexpected field types raise only
 * {@link InvalidInputException} (or parse), never another unchecked exception.
 *
 * @param <A> the adapter type
 */
public abstract class AdapterContractTest<A extends InboundAdapter> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A recorded payload and what it must parse into. Public, not protected: a protected record's
   * constructor is protected too, and adapter tests in other packages could not create samples.
   */
  public record Sample(String name, WebhookRequest request, Consumer<List<InboundEvent>> expect) {}

  /** A mock provider API, started fresh for each test, for adapters that call the provider. */
  protected MockWebServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() throws IOException {
    server.shutdown();
  }

  /**
   * The adapter under test, calling the provider at {@code baseUrl} (the mock provider) and
   * configured with the secrets {@link #signed(byte[])} signs with.
   *
   * @param baseUrl the provider API base URL, ending in {@code /}
   * @return the adapter
   */
  protected abstract A adapter(String baseUrl);

  /** @return the provider's published signature vector, or a recorded payload with its vector */
  protected abstract WebhookRequest publishedVector();

  /**
   * A webhook request carrying these body bytes, correctly signed for {@link #adapter(String)}.
   *
   * @param body the body
   * @return the signed request
   */
  protected abstract WebhookRequest signed(byte[] body);

  /**
   * The request with one byte (or, for providers that sign parameters, one parameter character)
   * changed and the signature left as it was. Providers that sign nothing and send a shared secret
   * instead (Telegram) override this to change one character of that secret.
   *
   * @param request a correctly signed request
   * @return the tampered request
   */
  protected WebhookRequest tampered(WebhookRequest request) {
    byte[] body = request.body();
    int i = body.length / 2;
    body[i] = (byte) (body[i] == 'a' ? 'b' : 'a');
    return copy(request, body, null);
  }

  /**
   * The request without its signature.
   *
   * @param request a correctly signed request
   * @return the unsigned request
   */
  protected abstract WebhookRequest unsigned(WebhookRequest request);

  /** @return at least three recorded payloads (text, media, a status/echo/non-message event) */
  protected abstract List<Sample> samples();

  /**
   * Copies a request with another body and optionally another header set.
   *
   * @param request the original
   * @param body the new body
   * @param dropHeader a header to leave out, or null
   * @return the copy
   */
  protected static WebhookRequest copy(WebhookRequest request, byte[] body, String dropHeader) {
    WebhookRequest.Builder b = WebhookRequest.builder(request.method(), request.url()).body(body);
    request.headers().forEach((k, vs) -> {
      if (dropHeader == null || !k.equalsIgnoreCase(dropHeader)) {
        vs.forEach(v -> b.header(k, v));
      }
    });
    return b.build();
  }

  /** @return the mock provider's base URL, ending in {@code /} */
  protected final String baseUrl() {
    return server.url("/").toString();
  }

  @Test
  void publishedSignatureVectorVerifies() {
    adapter(baseUrl()).verify(publishedVector());
  }

  @Test
  void bodyChangedByOneByteFailsVerification() {
    A adapter = adapter(baseUrl());
    assertThatThrownBy(() -> adapter.verify(tampered(publishedVector())))
        .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.missing()).isFalse());
    WebhookRequest recorded = signed(samples().get(0).request().body());
    adapter.verify(recorded);
    assertThatThrownBy(() -> adapter.verify(tampered(recorded))).isInstanceOf(SignatureException.class);
  }

  @Test
  void signedWebhookIsNotAHandshake() {
    assertThat(adapter(baseUrl()).handshake(publishedVector())).isEmpty();
  }

  @Test
  void missingSignatureFailsVerification() {
    assertThatThrownBy(() -> adapter(baseUrl()).verify(unsigned(publishedVector())))
        .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.missing()).isTrue());
  }

  @Test
  void recordedPayloadsParseIntoTheExpectedEvents() {
    A adapter = adapter(baseUrl());
    assertThat(samples()).hasSizeGreaterThanOrEqualTo(3);
    for (Sample s : samples()) {
      adapter.verify(s.request());
      List<InboundEvent> events = adapter.parse(s.request());
      try {
        s.expect().accept(events);
      } catch (AssertionError e) {
        throw new AssertionError("sample " + s.name() + ": " + e.getMessage(), e);
      }
    }
  }

  @Property(tries = 150)
  void garbageBodiesRaiseOnlyInvalidInput(@ForAll("garbage") byte[] body) {
    assertParsesOrRejectsCleanly(signed(body));
  }

  @Property(tries = 100)
  void truncatedPayloadsRaiseOnlyInvalidInput(@ForAll @IntRange(min = 0, max = 100) int sample,
      @ForAll @IntRange(min = 0, max = 99) int percent) {
    List<Sample> samples = samples();
    byte[] body = samples.get(sample % samples.size()).request().body();
    byte[] cut = java.util.Arrays.copyOf(body, body.length * percent / 100);
    assertParsesOrRejectsCleanly(signed(cut));
  }

  @Property(tries = 150)
  void unexpectedFieldTypesRaiseOnlyInvalidInput(@ForAll @IntRange(min = 0, max = 100) int sample,
      @ForAll @IntRange(min = 0, max = 10_000) int field, @ForAll @IntRange(min = 0, max = 5) int replacement) {
    List<Sample> samples = samples();
    byte[] body = samples.get(sample % samples.size()).request().body();
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException notJson) {
      // Form-encoded providers (Twilio, Mailgun routes): replace one field's value instead.
      assertParsesOrRejectsCleanly(signed(mutatedForm(body, field, replacement)));
      return;
    }
    List<JsonNode[]> slots = new ArrayList<>();
    collect(root, slots);
    if (slots.isEmpty()) {
      return;
    }
    JsonNode[] slot = slots.get(field % slots.size());
    JsonNode value = switch (replacement) {
      case 0 -> JSON.getNodeFactory().nullNode();
      case 1 -> JSON.createObjectNode().put("x", 1);
      case 2 -> JSON.createArrayNode().add("x");
      case 3 -> JSON.getNodeFactory().booleanNode(true);
      case 4 -> JSON.getNodeFactory().numberNode(-1.5);
      default -> JSON.getNodeFactory().textNode("\u0000\uFFFF not what you expected");
    };
    replace(slot, value);
    assertParsesOrRejectsCleanly(signed(root.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] mutatedForm(byte[] body, int field, int replacement) {
    Map<String, List<String>> form = io.github.omnictx.core.webhook.FormData.parse(
        new String(body, StandardCharsets.UTF_8));
    List<String> names = new ArrayList<>(form.keySet());
    if (names.isEmpty()) {
      names.add("x");
    }
    String name = names.get(field % names.size());
    String value = switch (replacement) {
      case 0 -> "";
      case 1 -> "{\"x\":1}";
      case 2 -> "[\"x\"]";
      case 3 -> "true";
      case 4 -> "-1.5";
      default -> "\u0000\uFFFF not what you expected";
    };
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<String>> e : form.entrySet()) {
      for (String v : e.getValue()) {
        out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(e.getKey().equals(name) ? value : v, StandardCharsets.UTF_8));
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Each slot: {parent, fieldNameOrIndexAsText}. */
  private static void collect(JsonNode node, List<JsonNode[]> slots) {
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(name -> {
        slots.add(new JsonNode[] {node, JSON.getNodeFactory().textNode(name)});
        collect(node.get(name), slots);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        slots.add(new JsonNode[] {node, JSON.getNodeFactory().numberNode(i)});
        collect(node.get(i), slots);
      }
    }
  }

  private static void replace(JsonNode[] slot, JsonNode value) {
    if (slot[0] instanceof ObjectNode o) {
      o.set(slot[1].asText(), value);
    } else if (slot[0] instanceof ArrayNode a) {
      a.set(slot[1].asInt(), value);
    }
  }

  private void assertParsesOrRejectsCleanly(WebhookRequest request) {
    A adapter = adapter("http://127.0.0.1:9/");
    Throwable thrown = catchThrowable(() -> {
      adapter.verify(request);
      adapter.parse(request);
    });
    if (thrown != null) {
      assertThat(thrown).isInstanceOfAny(InvalidInputException.class, SignatureException.class);
    }
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> jsonish = Arbitraries.of("{", "}", "[", "]", "\"", ":", ",", "null", "1", "-0.5e9", "true",
            "\"a\"", "{\"entry\":", "{\"message\":", "\"from\":", "\"id\":", "=", "&", "%ZZ", "\u00e4")
        .list().ofMaxSize(40).map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
    return Arbitraries.oneOf(random, jsonish);
  }
}
