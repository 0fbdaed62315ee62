package io.github.omnictx.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.InboundEvent;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.channel.spi.SendReceipt;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.identity.service.Resolution;
import io.github.omnictx.core.journey.BuiltInJourneys;
import io.github.omnictx.core.journey.JourneyRun;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.outbound.ChannelVerdict;
import io.github.omnictx.core.outbound.DispatchRun;
import io.github.omnictx.core.outbound.FrequencyCap;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.outbound.OutboundPolicy;
import io.github.omnictx.core.testkit.JourneyTestKit;
import io.github.omnictx.core.timeline.DeliveryStatus;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TimelinePage;
import io.github.omnictx.core.timeline.TimelineQuery;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.WebhookRequest;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The retail demo: an anonymous visitor browses the web shop, signs in to the web chat with her
 * e-mail, writes on WhatsApp (a phone number nobody knows yet) and buys in a store with her loyalty
 * card, giving e-mail and phone for the receipt. Each channel knows her by a different identity;
 * identity resolution links them and merges her WhatsApp profile into her web profile, and the demo
 * prints her one timeline. Then the shop reminds her of what is left in her cart through outbound:
 * queued on SMS (her marketing consent from the till), a second promotion the same day suppressed by a
 * cap of one marketing message a day, and the dispatcher sends the reminder through a console SMS
 * provider. Last, the journeys: the abandoned-cart reminder twenty minutes after the cart was left,
 * and after a store visit an NPS survey whose low answer gets a follow-up question and a task in the
 * store's queue. Runs on the in-memory store.
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
    System.out.println();
    journeys(System.out, Clock.systemUTC().instant());
  }

  /**
   * What the journeys part of the demo ends with.
   *
   * @param sent what the journeys sent, in order
   * @param task the task for the store's management after the low NPS score
   * @param runs the two runs, newest first
   */
  public record JourneyOutcome(List<JourneyTestKit.Sent> sent, Conversation task, List<JourneyRun> runs) {}

  /**
   * The journeys: the abandoned-cart reminder 20 minutes after the cart was left, and the NPS survey
   * after a store visit whose low score gets a follow-up question and a task in the store's queue.
   * Runs on the journey test kit's virtual clock, so two hours pass in a moment.
   *
   * @param out where to print
   * @param start when the story starts
   * @return what it ends with
   */
  public static JourneyOutcome journeys(PrintStream out, Instant start) {
    JourneyTestKit kit = JourneyTestKit.builder().start(start).journey(BuiltInJourneys.abandonedCart())
        .journey(BuiltInJourneys.npsAfterVisit(List.of(Channels.EMAIL.id()))).build();
    OmniTenant shop = kit.tenant();
    Customer anna = shop.customers().create(List.of(Identity.email("anna.schmidt@example.com"),
        Identity.of(IdentityKind.DEVICE, "app-anna-iphone")), Map.of("name", "Anna Schmidt"));
    shop.consents().record(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup");
    shop.consents().record(anna.id(), Channels.PUSH.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "app-onboarding");
    out.println("Journeys (on a virtual clock):");
    out.printf("  %s  Anna leaves the Merino running socks in her cart%n", TIME.format(kit.now()));
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.WEB.id(), TouchpointType.CART_ABANDONED)
        .payload(JSON.createObjectNode().put("cart", "web-7f3a9c").put("items", "the Merino running socks")).build());
    kit.advance(Duration.ofMinutes(20));
    int printed = printSent(out, kit, 0);
    out.printf("  %s  Anna visits the Berlin Alexanderplatz store%n", TIME.format(kit.now()));
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.STORE.id(), TouchpointType.STORE_VISIT)
        .payload(JSON.createObjectNode().put("store", "berlin-01")).build());
    kit.advance(Duration.ofHours(2));
    printed = printSent(out, kit, printed);
    kit.advance(Duration.ofMinutes(25));
    out.printf("  %s  Anna answers 4 of 10%n", TIME.format(kit.now()));
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.EMAIL.id(), TouchpointType.SURVEY_ANSWER)
        .direction(Direction.INBOUND).payload(JSON.createObjectNode().put("survey", "nps").put("score", 4)).build());
    kit.advance(Duration.ofMinutes(1));
    printSent(out, kit, printed);
    Conversation task = shop.conversations().ofCustomer(anna.id()).get(0);
    Touchpoint note = shop.conversations().transcript(task.id(), 5).get(0);
    out.printf("  task for the store: conversation in %s: %s%n", task.owner(), note.payloadText("text").orElse(""));
    List<JourneyRun> runs = shop.journeys().ofCustomer(anna.id(), 10);
    for (JourneyRun r : runs) {
      out.printf("  run %-16s %s: %s%n", r.journey(), r.status(), r.reason().orElse(""));
    }
    return new JourneyOutcome(kit.sent(), task, runs);
  }

  /** Prints what was sent since the first {@code from} sends; returns how many are printed now. */
  private static int printSent(PrintStream out, JourneyTestKit kit, int from) {
    List<JourneyTestKit.Sent> sent = kit.sent();
    for (JourneyTestKit.Sent s : sent.subList(from, sent.size())) {
      out.printf("  %s  [%s to %s] %s%n", TIME.format(s.at()), s.channel(), s.message().recipient().value(), s.text());
    }
    return sent.size();
  }

  /**
   * What the demo ends with.
   *
   * @param customer the one live customer behind every identity
   * @param recognised each identity she used, and the customer it resolves to now
   * @param merge the merge that joined her WhatsApp profile to her web profile
   * @param timeline her timeline, oldest first
   * @param decisions the outbound decisions: the cart reminder, then the suppressed promotion
   * @param dispatched what the dispatcher did with the outbox
   */
  public record Outcome(Customer customer, Map<Identity, CustomerId> recognised, MergeRecord merge,
      List<Touchpoint> timeline, List<OutboundDecision> decisions, DispatchRun dispatched) {}

  /**
   * Runs the demo.
   *
   * @param out where to print
   * @param clock the clock Omni runs on
   * @return what the demo ends with
   */
  public static Outcome run(PrintStream out, Clock clock) {
    ConsoleProvider sms = new ConsoleProvider("console-sms", Channels.SMS.id(), out);
    ConsoleProvider mail = new ConsoleProvider("console-email", Channels.EMAIL.id(), out);
    Omni omni = Omni.builder().store(new InMemoryStore()).clock(clock).adapter(sms).adapter(mail)
        .outboundPolicy(OutboundPolicy.builder().cap(FrequencyCap.perDay(1)).build()).build();
    OmniTenant shop = omni.tenant(TenantId.of("acme-retail"));
    Instant now = clock.instant();
    Identity cookie = Identity.of(IdentityKind.DEVICE, "web-7f3a9c");
    Identity email = Identity.email("Anna.Schmidt@Example.com");
    Identity phone = Identity.phone("0151 1234 5678", "DE");
    Identity card = Identity.loyaltyCard("4000 1234 5678");

    // 1. Three days ago someone browses the web shop: the site knows only its cookie. A new,
    //    anonymous customer.
    Resolution browsing = shop.identities().resolve(List.of(cookie), "web:session-1");
    out.printf("Web shop:  cookie %s            -> %s customer %s%n", cookie.value(),
        browsing.created() ? "new anonymous" : "known", browsing.customer().id());
    Instant t = now.minus(Duration.ofDays(3));
    record(shop, browsing.customer(), Channels.WEB, TouchpointType.PAGE_VIEW, Direction.INBOUND, t,
        "viewed Trail Runner GTX, size 39");
    record(shop, browsing.customer(), Channels.WEB, TouchpointType.CART_ABANDONED, Direction.INBOUND, t.plusSeconds(240),
        "left Trail Runner GTX (129.90 EUR) and Merino running socks (14.90 EUR) in the cart");

    // 2. Two days ago she signs in to the web chat: the same browser now comes with her e-mail.
    Resolution chatting = shop.identities().resolve(List.of(cookie, email), "web-chat:login-1");
    out.printf("Web chat:  cookie + %s -> same customer, e-mail linked%n", email.value());
    shop.customers().update(chatting.customer().id(), chatting.customer().version(),
        b -> b.attribute("name", "Anna Schmidt").attribute("segment", "gold"));
    t = now.minus(Duration.ofDays(2));
    record(shop, chatting.customer(), Channels.WEB_CHAT, TouchpointType.MESSAGE, Direction.INBOUND, t,
        "Do the Trail Runners run small?");
    record(shop, chatting.customer(), Channels.WEB_CHAT, TouchpointType.MESSAGE, Direction.OUTBOUND, t.plusSeconds(20),
        "Bot: they fit true to size; 30-day free returns.");

    // 3. Yesterday she writes on WhatsApp, which knows only her phone number: nobody has seen it yet,
    //    so for now she is a second customer.
    Resolution onWhatsApp = shop.identities().resolve(List.of(phone), "whatsapp:wamid.HBgLNDkxNTE");
    out.printf("WhatsApp:  %s              -> %s customer %s%n", phone.value(),
        onWhatsApp.created() ? "new" : "known", onWhatsApp.customer().id());
    t = now.minus(Duration.ofDays(1));
    record(shop, onWhatsApp.customer(), Channels.WHATSAPP, TouchpointType.MESSAGE, Direction.INBOUND, t,
        "Is the Trail Runner in stock at the Alexanderplatz store?");
    record(shop, onWhatsApp.customer(), Channels.WHATSAPP, TouchpointType.MESSAGE, Direction.OUTBOUND, t.plusSeconds(300),
        "Agent Jonas: yes, 3 pairs in size 39. Shall we hold one for you?");

    // 4. Today at the till she shows her loyalty card, and gives her e-mail and phone for the
    //    receipt: the event points at both customers, so Omni merges them.
    Resolution atTheTill = shop.identities().resolve(List.of(card, email, phone), "pos:berlin-01:receipt-7781");
    MergeRecord merge = atTheTill.merge().orElseThrow();
    out.printf("Store:     card %s + e-mail + phone -> merged customer %s into %s%n", card.value(),
        merge.absorbed().get(0), merge.survivor());
    shop.consents().record(atTheTill.customer().id(), Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.GRANTED,
        "store:berlin-01");
    t = now.minus(Duration.ofHours(2));
    record(shop, atTheTill.customer(), Channels.STORE, TouchpointType.STORE_VISIT, Direction.INBOUND, t,
        "visited Berlin Alexanderplatz");
    record(shop, atTheTill.customer(), Channels.STORE, TouchpointType.PURCHASE, Direction.INBOUND, t.plusSeconds(900),
        "bought Trail Runner GTX, size 39, 129.90 EUR");

    Map<Identity, CustomerId> recognised = new LinkedHashMap<>();
    for (Identity i : List.of(cookie, email, phone, card)) {
      recognised.put(i, shop.customers().getByIdentity(i).id());
    }
    Customer anna = shop.customers().get(onWhatsApp.customer().id());
    out.println();
    out.println("One customer, every channel:");
    out.printf("  cookie, e-mail, phone and loyalty card all resolve to %s (%s)%n",
        anna.attribute("name").orElseThrow(), anna.id());
    out.printf("  the WhatsApp customer's id %s now redirects there too%n", onWhatsApp.customer().id());
    out.println("  identities: " + anna.identities());
    out.println("  SMS marketing: " + anna.consent(Channels.SMS.id(), Purpose.MARKETING).orElseThrow().status());
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
    out.printf("Timeline of %s: %d touchpoints on %d channels%n", anna.attribute("name").orElseThrow(),
        timeline.size(), channels);
    for (Touchpoint tp : timeline) {
      Channel channel = omni.channels().get(tp.channel());
      String channelName = channel == null ? tp.channel().value() : channel.displayName();
      out.printf("  %s  %-10s %-15s %-2s %s%n", TIME.format(tp.occurredAt()), channelName, tp.type(),
          tp.direction() == Direction.OUTBOUND ? "->" : "<-", tp.payloadText("summary").orElse(""));
    }

    // 5. The socks are still in the cart: a reminder, marketing, on a channel she said yes to.
    out.println();
    out.println("Outbound (cap: one marketing message a day):");
    List<ChannelId> emailOrSms = List.of(Channels.EMAIL.id(), Channels.SMS.id());
    OutboundDecision reminder = shop.outbound().send(OutboundIntent.builder(anna.id(), Purpose.MARKETING,
        "cart-reminder-web-7f3a9c").text("Anna, your Merino running socks are still in your cart: 14.90 EUR, "
            + "free delivery today.").channels(emailOrSms).build());
    print(out, "cart reminder", reminder);
    OutboundDecision promotion = shop.outbound().send(OutboundIntent.builder(anna.id(), Purpose.MARKETING,
        "spring-sale-2026").text("Spring sale: 20% off trail shoes until Sunday.").channels(emailOrSms).build());
    print(out, "spring sale", promotion);
    DispatchRun run = omni.dispatcher().runOnce();
    out.printf("  dispatcher: %d claimed, %d sent, %d failed%n", run.claimed(), run.sent(), run.failed());
    Touchpoint sent = shop.timeline().get(reminder.touchpoint().orElseThrow());
    out.printf("  the reminder's touchpoint: %s %s, provider id %s%n", sent.channel(), sent.status().orElseThrow(),
        sent.externalId().orElseThrow());
    return new Outcome(anna, recognised, merge, timeline, List.of(reminder, promotion), run);
  }

  private static void print(PrintStream out, String what, OutboundDecision d) {
    out.printf("  %-14s %s%n", what + ":", d);
    for (ChannelVerdict v : d.rejected()) {
      out.printf("  %-14s   passed over %s: %s (%s)%n", "", v.channel(), v.reason(), v.detail());
    }
  }

  /** A provider that prints what it is asked to send, for the demo. */
  private static final class ConsoleProvider implements OutboundAdapter {
    private final String id;
    private final ChannelId channel;
    private final PrintStream out;
    private int sent;

    ConsoleProvider(String id, ChannelId channel, PrintStream out) {
      this.id = id;
      this.channel = channel;
      this.out = out;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public ChannelId channel() {
      return channel;
    }

    @Override
    public synchronized SendReceipt send(OutboundMessage message) {
      out.printf("  [%s to %s] %s%n", channel, message.recipient().value(), message.text().orElse(""));
      return new SendReceipt(id + "-" + (++sent), DeliveryStatus.SENT);
    }
  }

  private static void record(OmniTenant shop, Customer who, Channel channel, TouchpointType type, Direction direction,
      Instant at, String summary) {
    ObjectNode payload = JSON.createObjectNode().put("summary", summary);
    shop.timeline().record(NewTouchpoint.builder(who.id(), channel.id(), type)
        .direction(direction).occurredAt(at).payload(payload).build());
  }
}
