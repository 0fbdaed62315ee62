package io.github.omnictx.core.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.conversation.service.Received;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.event.ConversationAssigned;
import io.github.omnictx.core.event.ConversationJoined;
import io.github.omnictx.core.event.ConversationOpened;
import io.github.omnictx.core.event.ConversationStatusChanged;
import io.github.omnictx.core.event.HandoffAccepted;
import io.github.omnictx.core.event.HandoffOffered;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.handoff.BotCollected;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffContext;
import io.github.omnictx.core.handoff.HandoffOutcome;
import io.github.omnictx.core.handoff.HandoffRequest;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.Presence;
import io.github.omnictx.core.routing.Routers;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.Direction;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The omnichannel story end to end: web chat with a bot, handoff with context, the call next day. */
class ConversationStoryTest {
  private final MutableClock clock = MutableClock.atMondayMorning();
  private final List<OmniEvent> events = new CopyOnWriteArrayList<>();
  private final OmniTenant shop = Omni.builder().store(new InMemoryStore()).clock(clock)
      .conversationPolicy(ConversationPolicy.builder().initialOwner(Participant.bot("shop-bot")).build())
      .router(Routers.sticky(Duration.ofDays(7), Routers.leastLoaded()))
      .listener(events::add).build().tenant("acme");

  private static NewTouchpoint chat(Customer c, String id, String text) {
    return NewTouchpoint.builder(c.id(), Channels.WEB_CHAT.id(), TouchpointType.MESSAGE).externalId(id)
        .payload(JsonNodeFactory.instance.objectNode().put("text", text)).build();
  }

  @Test
  void botHandsOffWithTheOrderNumberAgentSeesEverythingAndTheCallNextDayReachesTheSameAgent() {
    Customer anna = shop.customers().create(List.of(Identity.email("anna.schmidt@example.com"),
        Identity.phone("+49 151 12345678")), Map.of("name", "Anna Schmidt", "segment", "gold", "street", "Hauptstr. 1"));
    clock.advance(Duration.ofHours(-20));
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.STORE.id(), TouchpointType.PURCHASE)
        .payload(JsonNodeFactory.instance.objectNode().put("orderNumber", "4711").put("amount", "89.90")).build());
    clock.advance(Duration.ofHours(20));
    shop.agents().register(Agent.builder(AgentId.of("aaron")).presence(Presence.AVAILABLE).build());
    shop.agents().register(Agent.builder(AgentId.of("petra")).displayName("Petra K.").presence(Presence.AVAILABLE).build());

    // Web chat with the bot.
    Received hello = shop.conversations().receive(chat(anna, "wc-1", "Where is my parcel?"));
    assertThat(hello.opened()).isTrue();
    assertThat(hello.recipient()).contains(Participant.bot("shop-bot"));
    ConversationId conv = hello.conversation().id();
    clock.advance(Duration.ofSeconds(5));
    shop.conversations().reply(conv, Participant.bot("shop-bot"), NewTouchpoint.builder(anna.id(),
        Channels.WEB_CHAT.id(), TouchpointType.MESSAGE).payload(JsonNodeFactory.instance.objectNode()
        .put("text", "What is your order number?")).build());
    clock.advance(Duration.ofSeconds(5));
    assertThat(shop.conversations().receive(chat(anna, "wc-2", "4711")).recipient())
        .contains(Participant.bot("shop-bot"));

    // The bot hands off with what it collected.
    clock.advance(Duration.ofSeconds(5));
    Handoff offer = shop.handoffs().offer(conv, HandoffRequest.to(Participant.queue("support"),
        "customer asked for a person").collected(BotCollected.of("where_is_my_order", "4711"))
        .note("parcel shows delivered, customer says it is not").build());
    clock.advance(Duration.ofSeconds(10));
    Received whileWaiting = shop.conversations().receive(chat(anna, "wc-3", "Hello? Anyone there?"));
    assertThat(whileWaiting.held()).isTrue();

    // An agent accepts and sees the transcript, the last purchase, the order number.
    clock.advance(Duration.ofSeconds(10));
    HandoffOutcome accepted = shop.handoffs().accept(offer.id(), AgentId.of("petra"));
    assertThat(accepted.conversation().owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
    assertThat(accepted.held()).extracting(Touchpoint::id).containsExactly(whileWaiting.touchpoint().touchpoint().id());
    HandoffContext context = accepted.context();
    assertThat(context.transcript()).extracting(t -> t.payloadText("text").orElse(""))
        .containsExactly("Where is my parcel?", "What is your order number?", "4711", "Hello? Anyone there?");
    assertThat(context.recentActivity()).extracting(Touchpoint::type).containsExactly(TouchpointType.PURCHASE);
    assertThat(context.collected().orderNumber()).contains("4711");
    assertThat(context.customer().name()).contains("Anna Schmidt");
    assertThat(context.customer().identities()).contains("a\u2022\u2022\u2022@example.com").noneMatch(i -> i.contains("schmidt"));
    assertThat(context.customer().attributes()).containsEntry("segment", "gold").doesNotContainKey("street");
    JsonNode json = context.toJson();
    assertThat(json.path("collected").path("orderNumber").asText()).isEqualTo("4711");
    assertThat(json.path("transcript")).hasSize(4);
    assertThat(json.path("transcript").get(3).path("text").asText()).isEqualTo("Hello? Anyone there?");
    assertThat(json.path("recentActivity").get(0).path("payload").path("amount").asText()).isEqualTo("89.90");
    assertThat(json.path("customer").path("attributes").has("street")).isFalse();
    String summary = context.summary();
    assertThat(summary).contains("Anna Schmidt", "segment gold", "order 4711", "Hello? Anyone there?", "purchase on store")
        .hasSizeLessThan(500);

    // From now on the agent receives the customer; the bot can no longer answer.
    Received thanks = shop.conversations().receive(chat(anna, "wc-4", "Thanks, I will wait"));
    assertThat(thanks.recipient()).contains(Participant.agent(AgentId.of("petra")));
    assertThatThrownBy(() -> shop.conversations().reply(conv, Participant.bot("shop-bot"),
        NewTouchpoint.builder(anna.id(), Channels.WEB_CHAT.id(), TouchpointType.MESSAGE).build()))
        .isInstanceOf(NotOwnerException.class);
    shop.conversations().resolve(conv);

    // Next day the customer calls: same conversation, same agent (although aaron is less recently busy).
    clock.advance(Duration.ofDays(1));
    Received call = shop.conversations().receive(NewTouchpoint.builder(anna.id(), Channels.VOICE.id(),
        TouchpointType.CALL).externalId("call-77").build());
    assertThat(call.conversation().id()).isEqualTo(conv);
    assertThat(call.reopened()).isTrue();
    assertThat(call.joinedChannel()).isTrue();
    assertThat(call.recipient()).contains(Participant.agent(AgentId.of("petra")));
    assertThat(call.conversation().channels()).containsExactly(Channels.WEB_CHAT.id(), Channels.VOICE.id());
    assertThat(shop.conversations().ofCustomer(anna.id())).hasSize(1);
    assertThat(shop.conversations().transcript(conv, 50)).extracting(Touchpoint::channel).last()
        .isEqualTo(Channels.VOICE.id());

    assertThat(events).filteredOn(ConversationOpened.class::isInstance).hasSize(1);
    assertThat(events).filteredOn(HandoffOffered.class::isInstance).hasSize(1);
    assertThat(events).filteredOn(HandoffAccepted.class::isInstance).hasSize(1);
    assertThat(events).filteredOn(ConversationJoined.class::isInstance).hasSize(1);
    assertThat(events).filteredOn(ConversationAssigned.class::isInstance).hasSize(2);
    assertThat(events).filteredOn(ConversationStatusChanged.class::isInstance).hasSize(2);
    assertThat(shop.timeline().page(io.github.omnictx.core.timeline.TimelineQuery.forCustomer(anna.id())
        .conversation(conv).build()).items()).filteredOn(t -> t.direction() == Direction.OUTBOUND).hasSize(1);
  }
}
