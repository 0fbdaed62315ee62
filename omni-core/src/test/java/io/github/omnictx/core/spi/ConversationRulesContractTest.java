package io.github.omnictx.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Conversation;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.ConversationMerge;
import io.github.omnictx.core.conversation.ConversationStatus;
import io.github.omnictx.core.conversation.ConversationPolicy;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.conversation.SlaTarget;
import io.github.omnictx.core.conversation.service.Received;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.event.SlaBreached;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffRequest;
import io.github.omnictx.core.handoff.HandoffStatus;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.identity.service.MergeRecord;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.Presence;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The conversation rules every store must keep, as a contract: what counts as the first response,
 * and (with identity merges) which conversation a customer is in. Extend it and return your store
 * from {@link #store()}, as the in-memory store and every JDBC dialect do; each test works in
 * tenants of its own, so one shared store instance serves them all.
 */
public abstract class ConversationRulesContractTest {
  /**
   * The store under test. May return the same instance on every call.
   *
   * @return the store
   */
  protected abstract OmniStore store();

  protected final MutableClock clock = MutableClock.atMondayMorning();
  private final AtomicInteger ids = new AtomicInteger();

  private static final SlaTarget FIVE_MINUTES = new SlaTarget(Duration.ofMinutes(5), Duration.ofHours(8));

  protected OmniTenant shop(ConversationPolicy policy) {
    return Omni.builder().store(store()).clock(clock).conversationPolicy(policy).build()
        .tenant(TenantId.of("rules-" + UUID.randomUUID().toString().substring(0, 18)));
  }

  private ConversationPolicy.Builder botFirst() {
    return ConversationPolicy.builder().initialOwner(Participant.bot("shop-bot")).sla(FIVE_MINUTES);
  }

  protected NewTouchpoint message(Customer c, ChannelId channel, String text) {
    return NewTouchpoint.builder(c.id(), channel, TouchpointType.MESSAGE).externalId("m-" + ids.incrementAndGet())
        .payload(JsonNodeFactory.instance.objectNode().put("text", text)).build();
  }

  private void reply(OmniTenant shop, Conversation c, Participant author, String text) {
    shop.conversations().reply(c.id(), author, NewTouchpoint.builder(c.customerId(), c.lastChannel(),
        TouchpointType.MESSAGE).payload(JsonNodeFactory.instance.objectNode().put("text", text)).build());
  }

  protected static Agent available(String id) {
    return Agent.builder(AgentId.of(id)).presence(Presence.AVAILABLE).build();
  }

  // ---- first response means a person

  @Test
  void botsInstantReplyIsKeptButDoesNotStopTheFirstResponseClock() {
    OmniTenant shop = shop(botFirst().build());
    shop.agents().register(available("petra"));
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    ConversationId id = shop.conversations().receive(message(anna, Channels.WEB_CHAT.id(), "Where is my parcel?"))
        .conversation().id();
    clock.advance(Duration.ofSeconds(1));
    Instant botAt = clock.instant();
    reply(shop, shop.conversations().get(id), Participant.bot("shop-bot"), "Let me find a person for you");
    clock.advance(Duration.ofSeconds(1));
    reply(shop, shop.conversations().get(id), Participant.bot("shop-bot"), "One moment");

    Conversation afterBot = shop.conversations().get(id);
    assertThat(afterBot.firstBotResponseAt()).contains(botAt);
    assertThat(afterBot.firstResponseAt()).as("a bot is not a first response").isEmpty();

    // Nobody human answered within five minutes: the breach is raised although the bot replied.
    clock.advance(Duration.ofMinutes(6));
    assertThat(shop.conversations().checkSla()).extracting(SlaBreached::target)
        .containsExactly(SlaBreached.Target.FIRST_RESPONSE);

    // The person who takes over sets the first response; the bot's time stays.
    shop.handoffs().accept(shop.handoffs().offer(id, HandoffRequest.to(Participant.agent(AgentId.of("petra")),
        "asked for a person").build()).id(), AgentId.of("petra"));
    clock.advance(Duration.ofSeconds(30));
    Instant personAt = clock.instant();
    reply(shop, shop.conversations().get(id), Participant.agent(AgentId.of("petra")), "Hi, I am Petra");
    clock.advance(Duration.ofSeconds(30));
    reply(shop, shop.conversations().get(id), Participant.agent(AgentId.of("petra")), "Found it");

    Conversation answered = shop.conversations().get(id);
    assertThat(answered.firstResponseAt()).contains(personAt);
    assertThat(answered.firstBotResponseAt()).contains(botAt);
    assertThat(answered.firstResponseBreached()).isTrue();
  }

  @Test
  void personAnsweringInTimeRaisesNoBreachWhateverTheBotDid() {
    OmniTenant shop = shop(ConversationPolicy.builder().sla(FIVE_MINUTES).build());
    shop.agents().register(available("petra"));
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    Conversation c = shop.conversations().receive(message(anna, Channels.WHATSAPP.id(), "Hello")).conversation();
    assertThat(c.owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
    clock.advance(Duration.ofMinutes(2));
    reply(shop, c, Participant.agent(AgentId.of("petra")), "Hello Anna");
    clock.advance(Duration.ofMinutes(10));

    assertThat(shop.conversations().checkSla()).isEmpty();
    Conversation answered = shop.conversations().get(c.id());
    assertThat(answered.firstResponseAt()).contains(clock.instant().minus(Duration.ofMinutes(10)));
    assertThat(answered.firstBotResponseAt()).isEmpty();
  }

  @Test
  void tenantWhosePolicyCountsBotsStopsTheClockOnTheBotsReplyAndKeepsBothTimes() {
    OmniTenant shop = shop(botFirst().botRepliesCountAsFirstResponse(true).build());
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    ConversationId id = shop.conversations().receive(message(anna, Channels.WEB_CHAT.id(), "Opening hours?"))
        .conversation().id();
    clock.advance(Duration.ofSeconds(1));
    Instant botAt = clock.instant();
    reply(shop, shop.conversations().get(id), Participant.bot("shop-bot"), "9 to 6");
    clock.advance(Duration.ofMinutes(10));

    assertThat(shop.conversations().checkSla()).isEmpty();
    Conversation c = shop.conversations().get(id);
    assertThat(c.firstResponseAt()).contains(botAt);
    assertThat(c.firstBotResponseAt()).contains(botAt);
  }

  // ---- one conversation after a merge

  /** Anna on Telegram, handed to Petra; then, later, a WhatsApp number nobody knows, the bot's. */
  private record TwoConversations(OmniTenant shop, Customer telegram, Conversation agents, Customer whatsapp,
      Conversation bots) {}

  private TwoConversations agentOnTelegramBotOnWhatsApp(boolean offerTheWhatsAppOne) {
    OmniTenant shop = shop(botFirst().build());
    shop.agents().register(available("petra"));
    Customer tg = shop.identities().resolve(List.of(Identity.of(IdentityKind.TELEGRAM, "5123456789"))).customer();
    ConversationId agents = shop.conversations().receive(message(tg, Channels.TELEGRAM.id(), "My parcel is late"))
        .conversation().id();
    shop.handoffs().accept(shop.handoffs().offer(agents, HandoffRequest.to(Participant.agent(AgentId.of("petra")),
        "late parcel").build()).id(), AgentId.of("petra"));
    clock.advance(Duration.ofMinutes(1));
    Customer wa = shop.identities().resolve(List.of(Identity.of(IdentityKind.WHATSAPP, "4915112345678"))).customer();
    ConversationId bots = shop.conversations().receive(message(wa, Channels.WHATSAPP.id(), "Hello?")).conversation().id();
    if (offerTheWhatsAppOne) {
      shop.handoffs().offer(bots, HandoffRequest.to(Participant.queue("support"), "asked for a person").build());
    }
    clock.advance(Duration.ofMinutes(1));
    return new TwoConversations(shop, tg, shop.conversations().get(agents), wa, shop.conversations().get(bots));
  }

  private static List<String> texts(List<Touchpoint> transcript) {
    return transcript.stream().map(t -> t.payloadText("text").orElse("")).toList();
  }

  @Test
  void mergeFoldsTheBotsConversationIntoTheAgentsAndTheNextWhatsAppMessageReachesTheAgent() {
    TwoConversations two = agentOnTelegramBotOnWhatsApp(false);
    OmniTenant shop = two.shop();
    assertThat(two.bots().owner()).isEqualTo(Participant.bot("shop-bot"));

    // She tells the bot on WhatsApp her Telegram handle: one resolution sees both identities.
    MergeRecord merge = shop.identities().resolve(List.of(Identity.of(IdentityKind.WHATSAPP, "4915112345678"),
        Identity.of(IdentityKind.TELEGRAM, "5123456789"))).merge().orElseThrow();

    List<Conversation> active = shop.conversations().ofCustomer(two.telegram().id()).stream()
        .filter(c -> c.status().isActive()).toList();
    assertThat(active).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(two.agents().id());
      assertThat(c.owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
      assertThat(c.channels()).containsExactly(Channels.TELEGRAM.id(), Channels.WHATSAPP.id());
    });
    Conversation folded = shop.conversations().get(two.bots().id());
    assertThat(folded.status()).isEqualTo(ConversationStatus.CLOSED);
    assertThat(folded.merged()).contains(new ConversationMerge(two.agents().id(), merge.id(), ConversationStatus.OPEN));

    Received next = shop.conversations().receive(message(two.whatsapp(), Channels.WHATSAPP.id(), "Are you there?"));
    assertThat(next.conversation().id()).isEqualTo(two.agents().id());
    assertThat(next.recipient()).contains(Participant.agent(AgentId.of("petra")));
    assertThat(texts(shop.conversations().transcript(two.agents().id(), 50)))
        .containsExactly("My parcel is late", "Hello?", "Are you there?");
  }

  @Test
  void unmergeRestoresBothConversationsAndTheirOwners() {
    TwoConversations two = agentOnTelegramBotOnWhatsApp(false);
    OmniTenant shop = two.shop();
    MergeRecord merge = shop.identities().merge(two.telegram().id(), two.whatsapp().id(), "same person");
    assertThat(shop.conversations().get(two.bots().id()).status()).isEqualTo(ConversationStatus.CLOSED);

    shop.identities().unmerge(merge.id());

    Conversation bots = shop.conversations().get(two.bots().id());
    assertThat(bots.status()).isEqualTo(ConversationStatus.OPEN);
    assertThat(bots.merged()).isEmpty();
    assertThat(bots.owner()).isEqualTo(Participant.bot("shop-bot"));
    assertThat(shop.conversations().get(two.agents().id()).owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
    assertThat(texts(shop.conversations().transcript(two.agents().id(), 50))).containsExactly("My parcel is late");
    Received next = shop.conversations().receive(message(two.whatsapp(), Channels.WHATSAPP.id(), "Still me"));
    assertThat(next.conversation().id()).isEqualTo(two.bots().id());
    assertThat(next.recipient()).contains(Participant.bot("shop-bot"));
  }

  @Test
  void pendingHandoffOfTheFoldedConversationIsWithdrawnSayingWhy() {
    TwoConversations two = agentOnTelegramBotOnWhatsApp(true);
    OmniTenant shop = two.shop();
    assertThat(two.bots().handoffPending()).isTrue();

    shop.identities().merge(two.whatsapp().id(), two.telegram().id(), "same person");

    Handoff h = shop.handoffs().ofConversation(two.bots().id()).get(0);
    assertThat(h.status()).isEqualTo(HandoffStatus.WITHDRAWN);
    assertThat(h.decidedAt()).contains(clock.instant());
    assertThat(h.notes()).last().asString().contains("withdrawn", two.agents().id().toString(), "agent:petra");
    assertThat(shop.conversations().get(two.bots().id()).handoffPending()).isFalse();
    assertThat(shop.conversations().get(two.agents().id()).handoffPending()).isFalse();
  }

  @Test
  void withoutAnAgentTheEarlierConversationSurvivesAndKeepsItsPendingHandoff() {
    OmniTenant shop = shop(botFirst().build());
    Customer web = shop.identities().resolve(List.of(Identity.email("anna@example.com"))).customer();
    ConversationId earlier = shop.conversations().receive(message(web, Channels.WEB_CHAT.id(), "Size 39?"))
        .conversation().id();
    Handoff offer = shop.handoffs().offer(earlier, HandoffRequest.to(Participant.queue("support"), "sizes").build());
    clock.advance(Duration.ofMinutes(1));
    Customer sms = shop.identities().resolve(List.of(Identity.phone("+4915112345678"))).customer();
    ConversationId later = shop.conversations().receive(message(sms, Channels.SMS.id(), "Hi")).conversation().id();

    shop.identities().merge(sms.id(), web.id(), "same person");

    assertThat(shop.conversations().get(later).merged()).map(ConversationMerge::into).contains(earlier);
    Conversation survivor = shop.conversations().get(earlier);
    assertThat(survivor.status().isActive()).isTrue();
    assertThat(survivor.handoffPending()).isTrue();
    assertThat(shop.handoffs().get(offer.id()).status()).isEqualTo(HandoffStatus.OFFERED);
    assertThat(survivor.channels()).containsExactly(Channels.WEB_CHAT.id(), Channels.SMS.id());
  }
}
