package io.github.omnictx.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TimelinePage;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The retail demo: one customer browses the web shop, chats on the website, writes on WhatsApp and
 * buys in a store with her loyalty card. Each channel knows her by a different identity; Omni
 * recognises one person and prints her unified timeline. Runs on the in-memory store.
 */
public final class RetailDemo {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", Locale.ENGLISH).withZone(ZoneId.of("Europe/Berlin"));

  private RetailDemo() {}

  /**
   * Runs the demo and prints the timeline.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out, Clock.systemUTC());
  }

  /**
   * Runs the demo.
   *
   * @param out where to print
   * @param clock the clock Omni runs on
   * @return the customer's timeline, oldest first
   */
  public static List<Touchpoint> run(PrintStream out, Clock clock) {
    Omni omni = Omni.builder().store(new InMemoryStore()).clock(clock).build();
    OmniTenant shop = omni.tenant(TenantId.of("acme-retail"));
    Instant now = clock.instant();

    // The CRM knows Anna: her shop account, e-mail, mobile number, loyalty card and the browser she
    // once logged in from. Each channel below knows her by only one of these.
    Customer anna = shop.customers().create(
        List.of(Identity.of(IdentityKind.EXTERNAL, "crm-100482"), Identity.email("anna.schmidt@example.com"),
            Identity.phone("0151 1234 5678", "DE"), Identity.loyaltyCard("4000 1234 5678"),
            Identity.of(IdentityKind.DEVICE, "web-7f3a9c")),
        Map.of("name", "Anna Schmidt", "segment", "gold"));

    // 1. Three days ago she browses the web shop: the site sees its cookie.
    Customer browsing = shop.customers().getByIdentity(Identity.of(IdentityKind.DEVICE, "web-7f3a9c"));
    Instant t = now.minus(Duration.ofDays(3));
    record(shop, browsing, Channels.WEB, TouchpointType.PAGE_VIEW, Direction.INBOUND, t, "viewed Trail Runner GTX, size 39");
    record(shop, browsing, Channels.WEB, TouchpointType.CART_ABANDONED, Direction.INBOUND, t.plusSeconds(240),
        "left Trail Runner GTX (129.90 EUR) in the cart");

    // 2. Two days ago she asks the web chat, signed in with her e-mail address.
    Customer chatting = shop.customers().getByIdentity(Identity.email("Anna.Schmidt@Example.com"));
    t = now.minus(Duration.ofDays(2));
    record(shop, chatting, Channels.WEB_CHAT, TouchpointType.MESSAGE, Direction.INBOUND, t, "Do the Trail Runners run small?");
    record(shop, chatting, Channels.WEB_CHAT, TouchpointType.MESSAGE, Direction.OUTBOUND, t.plusSeconds(20),
        "Bot: they fit true to size; 30-day free returns.");

    // 3. Yesterday she writes on WhatsApp: WhatsApp knows only her phone number.
    Customer onWhatsApp = shop.customers().getByIdentity(Identity.phone("+4915112345678"));
    t = now.minus(Duration.ofDays(1));
    record(shop, onWhatsApp, Channels.WHATSAPP, TouchpointType.MESSAGE, Direction.INBOUND, t,
        "Is the Trail Runner in stock at the Alexanderplatz store?");
    record(shop, onWhatsApp, Channels.WHATSAPP, TouchpointType.MESSAGE, Direction.OUTBOUND, t.plusSeconds(300),
        "Agent Jonas: yes, 3 pairs in size 39. Shall we hold one for you?");

    // 4. Today she buys in the store; the till scans her loyalty card.
    Customer atTheTill = shop.customers().getByIdentity(Identity.loyaltyCard("4000-1234-5678"));
    t = now.minus(Duration.ofHours(2));
    record(shop, atTheTill, Channels.STORE, TouchpointType.STORE_VISIT, Direction.INBOUND, t, "visited Berlin Alexanderplatz");
    record(shop, atTheTill, Channels.STORE, TouchpointType.PURCHASE, Direction.INBOUND, t.plusSeconds(900),
        "bought Trail Runner GTX, size 39, 129.90 EUR");

    out.println("One customer, every channel:");
    out.printf("  cookie, e-mail, phone and loyalty card all resolved to %s (%s)%n",
        atTheTill.attribute("name").orElseThrow(), atTheTill.id());
    out.println("  identities: " + atTheTill.identities());
    out.println();

    List<Touchpoint> timeline = new ArrayList<>();
    TimelineQuery query = TimelineQuery.forCustomer(anna.id()).oldestFirst().pageSize(3).build();
    while (true) {
      TimelinePage page = shop.timeline().page(query);
      timeline.addAll(page.items());
      if (page.nextCursor().isEmpty()) {
        break;
      }
      query = query.next(page.nextCursor().get()).build();
    }
    long channels = timeline.stream().map(Touchpoint::channel).distinct().count();
    out.printf("Timeline of %s: %d touchpoints on %d channels%n", atTheTill.attribute("name").orElseThrow(),
        timeline.size(), channels);
    for (Touchpoint tp : timeline) {
      Channel channel = omni.channels().get(tp.channel());
      out.printf("  %s  %-10s %-15s %-2s %s%n", TIME.format(tp.occurredAt()), channel.displayName(), tp.type(),
          tp.direction() == Direction.OUTBOUND ? "->" : "<-", tp.payloadText("summary").orElse(""));
    }
    return timeline;
  }

  private static void record(OmniTenant shop, Customer who, Channel channel, TouchpointType type, Direction direction,
      Instant at, String summary) {
    ObjectNode payload = JSON.createObjectNode().put("summary", summary);
    shop.timeline().record(NewTouchpoint.builder(who.id(), channel.id(), type)
        .direction(direction).occurredAt(at).payload(payload).build());
  }
}
