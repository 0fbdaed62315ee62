package io.github.omnictx.channels.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.channels.internal.JsonBody;
import io.github.omnictx.channels.internal.JsonValues;
import io.github.omnictx.channels.internal.SignedJsonInboundAdapter;
import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.IgnoredEvent;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.InboundTouch;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.TouchpointType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * The physical store (channel {@code store}, id {@code pos} unless configured): purchases, returns
 * and visits from the tills and store systems, in the signed JSON format described in the
 * {@linkplain io.github.omnictx.channels.pos package documentation}. Each becomes an {@link
 * InboundTouch} of type {@link TouchpointType#PURCHASE}, {@link TouchpointType#RETURN} or {@link
 * TouchpointType#STORE_VISIT}, keyed {@code <storeId>:<receiptNumber>} (visits {@code
 * <storeId>:visit:<visitId>}), identified by loyalty card, phone, customer id and e-mail. Money is
 * read as exact decimals and written to the payload as decimal strings ({@code "25.28"}), so no
 * store or JSON mapper downstream can round it through a {@code double}. Inbound-only (tills report,
 * Omni does not send to them): an {@code InboundAdapter} with nothing to send. Immutable and
 * thread-safe.
 */
public final class PosAdapter extends SignedJsonInboundAdapter {
  private static final List<String> AMOUNTS = List.of("subtotal", "discount", "tax", "total");
  private static final List<String> LINE_AMOUNTS = List.of("quantity", "unitPrice", "discount", "amount");
  private static final int MAX_LINES = 1000;

  private final PosConfig config;

  /**
   * @param config the configuration
   */
  public PosAdapter(PosConfig config) {
    super(java.util.Objects.requireNonNull(config, "config").settings(), Channels.STORE.id());
    this.config = config;
  }

  /**
   * Parses one purchase, return or visit.
   *
   * @param body a verified request's body
   * @return one {@link InboundTouch}; an {@link IgnoredEvent} for an anonymous sale or visit
   * @throws InvalidInputException if the body is not the documented format (a malformed amount or
   *     currency, a missing receipt number…)
   */
  @Override
  protected InboundEvent event(ObjectNode body) {
    String type = JsonBody.text(body, "type", "body");
    TouchpointType touchType = switch (type) {
      case "purchase" -> TouchpointType.PURCHASE;
      case "return" -> TouchpointType.RETURN;
      case "visit" -> TouchpointType.STORE_VISIT;
      default -> throw new InvalidInputException("body.type", "body.type must be purchase, return or visit, was: "
          + body.get("type"));
    };
    String storeId = JsonBody.text(body, "storeId", "body");
    Instant at = JsonValues.instant(body, "occurredAt", "body");
    ObjectNode payload = body.deepCopy();
    String key;
    Optional<String> topic;
    if (touchType == TouchpointType.STORE_VISIT) {
      key = storeId + ":visit:" + JsonBody.text(body, "visitId", "body");
      topic = Optional.empty();
    } else {
      String receipt = JsonBody.text(body, "receiptNumber", "body");
      key = storeId + ":" + receipt;
      topic = touchType == TouchpointType.RETURN
          ? Optional.of(JsonBody.optText(body, "originalReceiptNumber", "body").orElse(receipt)) : Optional.of(receipt);
      String currency = JsonBody.text(body, "currency", "body");
      try {
        Currency.getInstance(currency);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("body.currency", "body.currency must be an ISO 4217 code, was: "
            + body.get("currency"), e);
      }
      JsonValues.decimal(body, "total", "body");
      for (String field : AMOUNTS) {
        JsonValues.optDecimal(body, field, "body").ifPresent(v -> payload.put(field, v.toPlainString()));
      }
      JsonNode lines = JsonBody.array(body, "lines", "body", false);
      if (lines.size() > MAX_LINES) {
        throw new InvalidInputException("body.lines", "body.lines may hold at most " + MAX_LINES + ", was: " + lines.size());
      }
      for (int i = 0; i < lines.size(); i++) {
        String path = "body.lines[" + i + "]";
        JsonNode line = lines.get(i);
        if (!line.isObject()) {
          throw JsonBody.wrongType(path, "an object", line);
        }
        JsonBody.text(line, "sku", path);
        JsonValues.decimal(line, "quantity", path);
        JsonValues.decimal(line, "amount", path);
        ObjectNode copy = (ObjectNode) payload.get("lines").get(i);
        for (String field : LINE_AMOUNTS) {
          Optional<BigDecimal> v = JsonValues.optDecimal(line, field, path);
          v.ifPresent(d -> copy.put(field, d.toPlainString()));
        }
      }
    }
    List<Identity> who = customer(body);
    if (who.isEmpty()) {
      return new IgnoredEvent(type, "anonymous: no loyalty card, phone, customer id or e-mail to record it for");
    }
    return new InboundTouch(key, who, Optional.empty(), at, touchType, Direction.INBOUND, Optional.empty(), List.of(),
        topic, payload);
  }

  private List<Identity> customer(ObjectNode body) {
    Optional<ObjectNode> customer = JsonBody.optObj(body, "customer", "body");
    if (customer.isEmpty()) {
      return List.of();
    }
    ObjectNode c = customer.get();
    List<Identity> who = new ArrayList<>();
    JsonValues.optIdentity(c, "loyaltyCard", "body.customer", IdentityKind.LOYALTY_CARD).ifPresent(who::add);
    JsonValues.optPhone(c, "phone", "body.customer", config.defaultRegion()).ifPresent(who::add);
    JsonValues.optIdentity(c, "customerId", "body.customer", IdentityKind.EXTERNAL).ifPresent(who::add);
    JsonValues.optIdentity(c, "email", "body.customer", IdentityKind.EMAIL).ifPresent(who::add);
    return who;
  }
}
