package io.github.omnictx.core.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.omnictx.core.InvalidInputException;
import io.github.omnictx.core.NotFoundException;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.conversation.service.Inbound;
import io.github.omnictx.core.conversation.service.Received;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.event.HandoffExpired;
import io.github.omnictx.core.event.OmniEvent;
import io.github.omnictx.core.event.SlaBreached;
import io.github.omnictx.core.handoff.Handoff;
import io.github.omnictx.core.handoff.HandoffConflictException;
import io.github.omnictx.core.handoff.HandoffExpiredException;
import io.github.omnictx.core.handoff.HandoffOutcome;
import io.github.omnictx.core.handoff.HandoffRequest;
import io.github.omnictx.core.handoff.HandoffStatus;
import io.github.omnictx.core.memory.InMemoryStore;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.AgentUnavailableException;
import io.github.omnictx.core.routing.Presence;
import io.github.omnictx.core.routing.Router;
import io.github.omnictx.core.routing.Routers;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointId;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Lifecycle, handoff, routing and SLA behaviour of the services, on the in-memory store. */
class ConversationsTest {
  private final MutableClock clock = MutableClock.atMondayMorning();
  private final List<OmniEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  private OmniTenant shop(ConversationPolicy policy, Router router) {
    return Omni.builder().store(new InMemoryStore()).clock(clock).conversationPolicy(policy).router(router)
        .listener(events::add).build().tenant("acme");
  }

  private OmniTenant shop() {
    return shop(ConversationPolicy.defaults(), Routers.defaultRouter());
  }

  private OmniTenant botShop() {
    return shop(ConversationPolicy.builder().initialOwner(Participant.bot("bot")).build(), Routers.defaultRouter());
  }

  private NewTouchpoint msg(Customer c, ChannelId channel) {
    return NewTouchpoint.builder(c.id(), channel, TouchpointType.MESSAGE).externalId("m" + ids.incrementAndGet()).build();
  }

  private static Agent available(String id) {
    return Agent.builder(AgentId.of(id)).presence(Presence.AVAILABLE).build();
  }

  // ---- joining and lifecycle

  @Test
  void inboundOnAnotherChannelJoinsTheOpenConversation() {
    OmniTenant shop = shop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    Received a = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id()));
    Received b = shop.conversations().receive(msg(anna, Channels.WHATSAPP.id()));
    assertThat(b.conversation().id()).isEqualTo(a.conversation().id());
    assertThat(b.joinedChannel()).isTrue();
    assertThat(b.conversation().channels()).containsExactly(Channels.WEB_CHAT.id(), Channels.WHATSAPP.id());
    assertThat(b.conversation().lastChannel()).isEqualTo(Channels.WHATSAPP.id());
    assertThat(shop.timeline().page(io.github.omnictx.core.timeline.TimelineQuery.forCustomer(anna.id())
        .conversation(a.conversation().id()).build()).items()).hasSize(2);
  }

  @Test
  void openingAConversationClaimsTheCustomerSoRacingOpenersConflict() {
    OmniTenant shop = shop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id()));
    Customer claimed = shop.customers().get(anna.id());
    assertThat(claimed.version()).isEqualTo(anna.version() + 1);
    assertThat(claimed.toBuilder().version(anna.version()).build()).isEqualTo(anna);
    shop.conversations().receive(msg(anna, Channels.WHATSAPP.id()));
    assertThat(shop.customers().get(anna.id()).version()).isEqualTo(claimed.version());
    assertThatThrownBy(() -> shop.customers().update(anna.id(), anna.version(), b -> b))
        .isInstanceOf(io.github.omnictx.core.ConcurrentUpdateException.class);
  }

  @Test
  void duplicateDeliveryChangesNothing() {
    OmniTenant shop = botShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    NewTouchpoint m = msg(anna, Channels.TELEGRAM.id());
    Received first = shop.conversations().receive(m);
    events.clear();
    clock.advance(Duration.ofMinutes(1));
    Received again = shop.conversations().receive(m);
    assertThat(again.duplicate()).isTrue();
    assertThat(again.touchpoint().touchpoint()).isEqualTo(first.touchpoint().touchpoint());
    assertThat(again.conversation()).isEqualTo(first.conversation());
    assertThat(shop.conversations().get(first.conversation().id()).version()).isEqualTo(first.conversation().version());
    assertThat(events).isEmpty();
  }

  @Test
  void customerWritingToAPendingConversationOpensIt() {
    OmniTenant shop = botShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.SMS.id())).conversation().id();
    assertThat(shop.conversations().waitForCustomer(id).status()).isEqualTo(ConversationStatus.PENDING);
    assertThat(shop.conversations().receive(msg(anna, Channels.SMS.id())).conversation().status())
        .isEqualTo(ConversationStatus.OPEN);
  }

  @Test
  void snoozedConversationWakesWhenItsTimeComes() {
    OmniTenant shop = botShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.SMS.id())).conversation().id();
    shop.conversations().snooze(id, clock.instant().plus(Duration.ofHours(2)));
    assertThat(shop.conversations().wakeSnoozed()).isEmpty();
    clock.advance(Duration.ofHours(2));
    assertThat(shop.conversations().wakeSnoozed()).extracting(Conversation::id).containsExactly(id);
    assertThat(shop.conversations().get(id).status()).isEqualTo(ConversationStatus.OPEN);
    assertThat(shop.conversations().get(id).snoozedUntil()).isEmpty();
    assertThatThrownBy(() -> shop.conversations().snooze(id, clock.instant()))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void resolvedConversationReopensWithinTheWindowAndNotAfter() {
    OmniTenant shop = botShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId first = shop.conversations().receive(msg(anna, Channels.SMS.id())).conversation().id();
    shop.conversations().resolve(first);
    clock.advance(Duration.ofDays(6));
    Received back = shop.conversations().receive(msg(anna, Channels.EMAIL.id()));
    assertThat(back.reopened()).isTrue();
    assertThat(back.conversation().id()).isEqualTo(first);
    shop.conversations().resolve(first);
    clock.advance(Duration.ofDays(7).plusSeconds(1));
    Received later = shop.conversations().receive(msg(anna, Channels.EMAIL.id()));
    assertThat(later.opened()).isTrue();
    assertThat(later.conversation().id()).isNotEqualTo(first);
  }

  @Test
  void onePerTopicKeepsOrdersApart() {
    OmniTenant shop = shop(ConversationPolicy.builder().onePerTopic(true).initialOwner(Participant.bot("bot")).build(),
        Routers.leastLoaded());
    Customer anna = shop.customers().create(List.of(), Map.of());
    Received a = shop.conversations().receive(Inbound.builder(msg(anna, Channels.SMS.id())).topic("order-1").build());
    Received b = shop.conversations().receive(Inbound.builder(msg(anna, Channels.SMS.id())).topic("order-2").build());
    Received a2 = shop.conversations().receive(Inbound.builder(msg(anna, Channels.EMAIL.id())).topic("order-1").build());
    assertThat(b.conversation().id()).isNotEqualTo(a.conversation().id());
    assertThat(a2.conversation().id()).isEqualTo(a.conversation().id());
    assertThat(a2.conversation().topic()).contains("order-1");
  }

  @Test
  void resolvingAClosedConversationIsATypedErrorAndChangesNothing() {
    OmniTenant shop = botShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.SMS.id())).conversation().id();
    Conversation closed = shop.conversations().close(id);
    assertThatThrownBy(() -> shop.conversations().resolve(id)).isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("CLOSED").hasMessageContaining("RESOLVED");
    assertThatThrownBy(() -> shop.conversations().reopen(id)).isInstanceOf(InvalidTransitionException.class);
    assertThat(shop.conversations().get(id)).isEqualTo(closed);
    Received next = shop.conversations().receive(msg(anna, Channels.SMS.id()));
    assertThat(next.opened()).isTrue();
  }

  // ---- handoffs

  @Test
  void acceptingAnExpiredOfferFailsAndTheConversationReturnsToItsFallback() {
    OmniTenant shop = botShop();
    shop.agents().register(Agent.builder(AgentId.of("petra")).presence(Presence.AWAY).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    Handoff h = shop.handoffs().offer(id, HandoffRequest.to(Participant.agent(AgentId.of("petra")), "needs a person")
        .timeout(Duration.ofMinutes(1)).build());
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> shop.handoffs().accept(h.id(), AgentId.of("petra"))).isInstanceOf(HandoffExpiredException.class);
    assertThat(shop.handoffs().get(h.id()).status()).isEqualTo(HandoffStatus.EXPIRED);
    Conversation c = shop.conversations().get(id);
    assertThat(c.owner()).isEqualTo(Participant.bot("bot"));
    assertThat(c.handoffPending()).isFalse();
    Handoff expired = shop.handoffs().get(h.id());
    assertThatThrownBy(() -> shop.handoffs().accept(h.id(), AgentId.of("petra"))).isInstanceOf(HandoffExpiredException.class);
    assertThat(shop.handoffs().get(h.id())).isEqualTo(expired);
    assertThat(shop.conversations().get(id)).isEqualTo(c);
  }

  @Test
  void acceptingAnAcceptedOfferIsAConflictAndChangesNothing() {
    OmniTenant shop = botShop();
    shop.agents().register(Agent.builder(AgentId.of("petra")).build());
    shop.agents().register(Agent.builder(AgentId.of("bob")).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    Handoff h = shop.handoffs().offer(id, HandoffRequest.to(Participant.queue("support"), "needs a person").build());
    shop.handoffs().accept(h.id(), AgentId.of("petra"));
    Conversation owned = shop.conversations().get(id);
    Handoff accepted = shop.handoffs().get(h.id());
    assertThatThrownBy(() -> shop.handoffs().accept(h.id(), AgentId.of("bob"))).isInstanceOf(HandoffConflictException.class)
        .satisfies(e -> assertThat(((HandoffConflictException) e).acceptedBy()).contains(AgentId.of("petra")));
    assertThatThrownBy(() -> shop.handoffs().decline(h.id(), AgentId.of("bob"))).isInstanceOf(HandoffConflictException.class);
    assertThatThrownBy(() -> shop.handoffs().accept(h.id(), AgentId.of("ghost"))).isInstanceOf(NotFoundException.class);
    assertThat(shop.conversations().get(id)).isEqualTo(owned);
    assertThat(shop.handoffs().get(h.id())).isEqualTo(accepted);
  }

  @Test
  void offerToOneAgentCannotBeTakenByAnother() {
    OmniTenant shop = botShop();
    shop.agents().register(Agent.builder(AgentId.of("petra")).build());
    shop.agents().register(Agent.builder(AgentId.of("bob")).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    Handoff h = shop.handoffs().offer(id, HandoffRequest.to(Participant.agent(AgentId.of("petra")), "vip").build());
    assertThatThrownBy(() -> shop.handoffs().accept(h.id(), AgentId.of("bob"))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> shop.handoffs().offer(id, HandoffRequest.to(Participant.agent(AgentId.of("bob")), "again").build()))
        .isInstanceOf(InvalidTransitionException.class);
    assertThat(shop.handoffs().get(h.id()).status()).isEqualTo(HandoffStatus.OFFERED);
  }

  @Test
  void declinedOfferGoesToTheQueueAndIsRoutedAtOnce() {
    OmniTenant shop = botShop();
    shop.agents().register(Agent.builder(AgentId.of("petra")).build());
    shop.agents().register(available("bob"));
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    Handoff h = shop.handoffs().offer(id, HandoffRequest.to(Participant.agent(AgentId.of("petra")), "vip")
        .fallback(Participant.queue("support")).build());
    HandoffOutcome declined = shop.handoffs().decline(h.id(), AgentId.of("petra"));
    assertThat(declined.handoff().status()).isEqualTo(HandoffStatus.DECLINED);
    assertThat(declined.conversation().owner()).isEqualTo(Participant.agent(AgentId.of("bob")));
  }

  @Test
  void expiredQueueOfferWaitsInTheQueueUntilAnAgentIsAvailable() {
    OmniTenant shop = botShop();
    shop.agents().register(Agent.builder(AgentId.of("petra")).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    shop.handoffs().offer(id, HandoffRequest.to(Participant.queue("support"), "needs a person").build());
    clock.advance(Duration.ofMinutes(2));
    List<HandoffOutcome> expired = shop.handoffs().expireDue();
    assertThat(expired).hasSize(1);
    assertThat(expired.get(0).conversation().owner()).isEqualTo(Participant.queue("support"));
    assertThat(events).filteredOn(HandoffExpired.class::isInstance).hasSize(1);
    assertThat(shop.handoffs().expireDue()).isEmpty();
    shop.agents().setPresence(AgentId.of("petra"), Presence.AVAILABLE);
    assertThat(shop.conversations().get(id).owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
  }

  @Test
  void releaseGivesControlBackToTheBot() {
    OmniTenant shop = botShop();
    shop.agents().register(available("petra"));
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    Handoff h = shop.handoffs().offer(id, HandoffRequest.to(Participant.queue("support"), "needs a person").build());
    shop.handoffs().accept(h.id(), AgentId.of("petra"));
    assertThatThrownBy(() -> shop.handoffs().release(id, AgentId.of("bob"), Participant.bot("bot")))
        .isInstanceOf(NotOwnerException.class);
    Conversation released = shop.handoffs().release(id, AgentId.of("petra"), Participant.bot("bot"));
    assertThat(released.owner()).isEqualTo(Participant.bot("bot"));
    assertThat(shop.handoffs().get(h.id()).status()).isEqualTo(HandoffStatus.RELEASED);
    assertThat(shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).recipient())
        .contains(Participant.bot("bot"));
    assertThat(shop.agents().load(AgentId.of("petra"))).isEmpty();
  }

  @Test
  void channelHandoffFromChatToCallbackIsRecordedInTheConversation() {
    OmniTenant shop = botShop();
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    Touchpoint t = shop.handoffs().switchChannel(id, Channels.VOICE.id(), "customer asked for a call-back");
    assertThat(t.type()).isEqualTo(TouchpointType.HANDOFF);
    assertThat(t.conversationId()).contains(id);
    assertThat(t.payloadText("fromChannel")).contains("web-chat");
    assertThat(t.payloadText("toChannel")).contains("voice");
    Conversation c = shop.conversations().get(id);
    assertThat(c.channels()).containsExactly(Channels.WEB_CHAT.id(), Channels.VOICE.id());
    assertThat(c.lastChannel()).isEqualTo(Channels.VOICE.id());
    shop.handoffs().switchChannel(id, Channels.EMAIL.id(), "send the label by e-mail");
    assertThat(shop.conversations().transcript(id, 10)).extracting(Touchpoint::type)
        .containsExactly(TouchpointType.MESSAGE, TouchpointType.HANDOFF, TouchpointType.HANDOFF);
  }

  @Property(tries = 30)
  void touchpointsArrivingDuringAPendingHandoffAllReachTheFinalOwner(
      @ForAll @IntRange(min = 0, max = 8) int whilePending, @ForAll @IntRange(min = 0, max = 2) int ending,
      @ForAll boolean duplicates) {
    events.clear();
    OmniTenant shop = botShop();
    shop.agents().register(Agent.builder(AgentId.of("petra")).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    Handoff h = shop.handoffs().offer(id, HandoffRequest.to(Participant.agent(AgentId.of("petra")), "needs a person").build());
    List<TouchpointId> sent = new ArrayList<>();
    for (int i = 0; i < whilePending; i++) {
      NewTouchpoint m = msg(anna, i % 2 == 0 ? Channels.WEB_CHAT.id() : Channels.WHATSAPP.id());
      Received r = shop.conversations().receive(m);
      assertThat(r.held()).isTrue();
      sent.add(r.touchpoint().touchpoint().id());
      if (duplicates) {
        assertThat(shop.conversations().receive(m).duplicate()).isTrue();
      }
    }
    HandoffOutcome outcome;
    if (ending == 0) {
      outcome = shop.handoffs().accept(h.id(), AgentId.of("petra"));
    } else if (ending == 1) {
      outcome = shop.handoffs().decline(h.id(), AgentId.of("petra"));
    } else {
      clock.advance(Duration.ofMinutes(5));
      outcome = shop.handoffs().expireDue().get(0);
    }
    assertThat(outcome.held()).extracting(Touchpoint::id).containsExactlyElementsOf(sent);
    assertThat(outcome.context().transcript()).extracting(Touchpoint::id).containsAll(sent);
    Participant owner = shop.conversations().get(id).owner();
    assertThat(owner).isEqualTo(outcome.conversation().owner());
    assertThat(owner).isEqualTo(ending == 0 ? Participant.agent(AgentId.of("petra")) : Participant.bot("bot"));
    assertThat(shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).recipient()).contains(owner);
  }

  // ---- routing

  @Test
  void queuedCallIsAssignedTheMomentCapacityFrees() {
    OmniTenant shop = shop();
    shop.agents().register(available("petra"));
    Customer anna = shop.customers().create(List.of(), Map.of());
    Customer bob = shop.customers().create(List.of(), Map.of());
    ConversationId first = shop.conversations().receive(msg(anna, Channels.VOICE.id())).conversation().id();
    Received second = shop.conversations().receive(msg(bob, Channels.VOICE.id()));
    assertThat(shop.conversations().get(first).owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
    assertThat(second.conversation().owner()).isEqualTo(Participant.queue("default"));
    assertThat(second.recipient()).contains(Participant.queue("default"));
    assertThat(shop.agents().load(AgentId.of("petra"))).isEqualTo(Map.of(ChannelKind.VOICE, 1));
    shop.conversations().resolve(first);
    assertThat(shop.conversations().get(second.conversation().id()).owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
  }

  @Test
  void chatWaitingForAnAgentIsRoutedWhenTheAgentsChatMovesToACall() {
    OmniTenant shop = shop();
    shop.agents().register(Agent.builder(AgentId.of("petra")).presence(Presence.AVAILABLE).capacity(ChannelKind.REAL_TIME_TEXT, 1)
        .build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    Customer bob = shop.customers().create(List.of(), Map.of());
    ConversationId first = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    ConversationId second = shop.conversations().receive(msg(bob, Channels.WEB_CHAT.id())).conversation().id();
    assertThat(shop.conversations().get(second).owner()).isEqualTo(Participant.queue("default"));
    // anna calls: her conversation is a call now, petra's chat slot is free for bob
    shop.conversations().receive(msg(anna, Channels.VOICE.id()));
    assertThat(shop.conversations().get(first).owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
    assertThat(shop.conversations().get(second).owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
    assertThat(shop.agents().load(AgentId.of("petra"))).isEqualTo(Map.of(ChannelKind.VOICE, 1, ChannelKind.REAL_TIME_TEXT, 1));
  }

  @Test
  void queuedChatSwitchedToACallIsRoutedToAnAgentWithRoomForCalls() {
    OmniTenant shop = shop();
    shop.agents().register(Agent.builder(AgentId.of("petra")).presence(Presence.AVAILABLE).capacity(ChannelKind.REAL_TIME_TEXT, 0)
        .capacity(ChannelKind.VOICE, 1).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    assertThat(shop.conversations().get(id).owner()).isEqualTo(Participant.queue("default"));
    shop.handoffs().switchChannel(id, Channels.VOICE.id(), "customer asked for a call-back");
    assertThat(shop.conversations().get(id).owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
  }

  @Test
  void releasedConversationGoesToAnotherAgentEvenUnderTheStickyRouter() {
    OmniTenant shop = shop();
    shop.agents().register(available("petra"));
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    assertThat(shop.conversations().get(id).owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
    shop.agents().register(available("quinn"));
    Conversation released = shop.handoffs().release(id, AgentId.of("petra"), Participant.queue("default"));
    assertThat(released.owner()).isEqualTo(Participant.agent(AgentId.of("quinn")));
    assertThat(shop.agents().load(AgentId.of("petra"))).isEmpty();
    // the customer stays with quinn from now on: sticky follows the agent who took it last
    shop.conversations().resolve(id);
    ConversationId next = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    assertThat(shop.conversations().get(next).owner()).isEqualTo(Participant.agent(AgentId.of("quinn")));
  }

  @Test
  void releasedConversationReturnsToTheReleasingAgentOnlyWhenNoOneElseHasRoom() {
    OmniTenant shop = shop();
    shop.agents().register(available("petra"));
    shop.agents().register(Agent.builder(AgentId.of("quinn")).presence(Presence.AWAY).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    assertThat(shop.handoffs().release(id, AgentId.of("petra"), Participant.queue("default")).owner())
        .isEqualTo(Participant.agent(AgentId.of("petra")));
    shop.agents().setPresence(AgentId.of("petra"), Presence.AWAY);
    assertThat(shop.handoffs().release(id, AgentId.of("petra"), Participant.queue("default")).owner())
        .isEqualTo(Participant.queue("default"));
    shop.agents().setPresence(AgentId.of("quinn"), Presence.AVAILABLE);
    assertThat(shop.conversations().get(id).owner()).isEqualTo(Participant.agent(AgentId.of("quinn")));
  }

  @Test
  void awayAgentKeepsTheirConversationsAndGetsTheCustomersMessages() {
    OmniTenant shop = shop();
    shop.agents().register(available("petra"));
    shop.agents().register(available("quinn"));
    Customer anna = shop.customers().create(List.of(), Map.of());
    Conversation c = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation();
    Participant owner = c.owner();
    shop.agents().setPresence(owner.agentId().orElseThrow(), Presence.AWAY);
    assertThat(shop.conversations().get(c.id()).owner()).isEqualTo(owner);
    assertThat(shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).recipient()).contains(owner);
  }

  @Test
  void offlineAgentsConversationsGoBackToTheQueueAndAreRoutedToOthers() {
    OmniTenant shop = shop();
    shop.agents().register(available("petra"));
    Customer anna = shop.customers().create(List.of(), Map.of());
    Customer bob = shop.customers().create(List.of(), Map.of());
    ConversationId chat = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    ConversationId call = shop.conversations().receive(msg(bob, Channels.VOICE.id())).conversation().id();
    shop.conversations().waitForCustomer(call);
    shop.agents().register(Agent.builder(AgentId.of("quinn")).presence(Presence.AVAILABLE).capacity(ChannelKind.VOICE, 0).build());
    events.clear();
    shop.agents().setPresence(AgentId.of("petra"), Presence.OFFLINE);
    assertThat(shop.agents().load(AgentId.of("petra"))).isEmpty();
    assertThat(shop.conversations().get(chat).owner()).isEqualTo(Participant.agent(AgentId.of("quinn")));
    Conversation waiting = shop.conversations().get(call);
    assertThat(waiting.owner()).isEqualTo(Participant.queue("default"));
    assertThat(waiting.status()).isEqualTo(ConversationStatus.PENDING);
    assertThat(events).filteredOn(io.github.omnictx.core.event.HandoffReleased.class::isInstance).hasSize(2);
    // bob's next message reaches the queue, not the agent who went home
    assertThat(shop.conversations().receive(msg(bob, Channels.VOICE.id())).recipient())
        .contains(Participant.queue("default"));
  }

  @Test
  void declinedOfferDoesNotFallBackToAnOfflineAgent() {
    OmniTenant shop = shop();
    shop.agents().register(available("petra"));
    shop.agents().register(available("quinn"));
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    AgentId owner = shop.conversations().get(id).owner().agentId().orElseThrow();
    AgentId other = owner.equals(AgentId.of("petra")) ? AgentId.of("quinn") : AgentId.of("petra");
    Handoff h = shop.handoffs().offer(id, HandoffRequest.to(Participant.agent(other), "second opinion").build());
    shop.agents().setPresence(owner, Presence.OFFLINE);
    assertThat(shop.conversations().get(id).owner()).isEqualTo(Participant.agent(owner));
    shop.agents().setPresence(other, Presence.AWAY);
    HandoffOutcome out = shop.handoffs().decline(h.id(), other);
    assertThat(out.conversation().owner()).isEqualTo(Participant.queue("default"));
  }

  @Test
  void assigningToAnUnknownOrFullAgentIsATypedErrorAndChangesNothing() {
    OmniTenant shop = shop();
    shop.agents().register(Agent.builder(AgentId.of("petra")).capacity(ChannelKind.VOICE, 0).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    Conversation c = shop.conversations().receive(msg(anna, Channels.VOICE.id())).conversation();
    assertThatThrownBy(() -> shop.conversations().assign(c.id(), AgentId.of("ghost"))).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("ghost");
    assertThatThrownBy(() -> shop.conversations().assign(c.id(), AgentId.of("petra"))).isInstanceOf(AgentUnavailableException.class);
    assertThat(shop.conversations().get(c.id())).isEqualTo(c);
    assertThatThrownBy(() -> shop.agents().setPresence(AgentId.of("ghost"), Presence.AVAILABLE)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void routingHonoursSkillsAndLanguage() {
    OmniTenant shop = shop();
    shop.agents().register(Agent.builder(AgentId.of("en-billing")).skill("billing").language("en").presence(Presence.AVAILABLE).build());
    shop.agents().register(Agent.builder(AgentId.of("de-returns")).skill("returns").language("de").presence(Presence.AVAILABLE).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    Received r = shop.conversations().receive(Inbound.builder(msg(anna, Channels.WEB_CHAT.id())).skill("returns")
        .language("de").build());
    assertThat(r.conversation().owner()).isEqualTo(Participant.agent(AgentId.of("de-returns")));
  }

  @Test
  void priorityFirstServesUrgentConversationsBeforeOlderOnes() {
    OmniTenant shop = shop(ConversationPolicy.defaults(), Routers.priorityFirst(Routers.roundRobin()));
    Customer a = shop.customers().create(List.of(), Map.of());
    Customer b = shop.customers().create(List.of(), Map.of());
    ConversationId old = shop.conversations().receive(Inbound.builder(msg(a, Channels.VOICE.id())).priority(1).build())
        .conversation().id();
    clock.advance(Duration.ofMinutes(1));
    ConversationId urgent = shop.conversations().receive(Inbound.builder(msg(b, Channels.VOICE.id())).priority(8).build())
        .conversation().id();
    shop.agents().register(available("petra"));
    assertThat(shop.conversations().get(urgent).owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
    assertThat(shop.conversations().get(old).owner()).isEqualTo(Participant.queue("default"));
  }

  @Test
  void roundRobinSpreadsConversationsAcrossAgents() {
    OmniTenant shop = shop(ConversationPolicy.defaults(), Routers.roundRobin());
    shop.agents().register(available("a1"));
    shop.agents().register(available("a2"));
    List<Participant> owners = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Customer c = shop.customers().create(List.of(), Map.of());
      owners.add(shop.conversations().receive(msg(c, Channels.WEB_CHAT.id())).conversation().owner());
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(owners).containsExactly(Participant.agent(AgentId.of("a1")), Participant.agent(AgentId.of("a2")), Participant.agent(AgentId.of("a1")),
        Participant.agent(AgentId.of("a2")));
  }

  // ---- SLA

  @Test
  void slaBreachIsRaisedOnce() {
    // The bot's replies below stop the clock because this tenant counts bots (by default only a
    // person's reply does: ConversationRulesContractTest).
    OmniTenant shop = shop(ConversationPolicy.builder().initialOwner(Participant.bot("bot")).botRepliesCountAsFirstResponse(true)
        .sla(new SlaTarget(Duration.ofMinutes(5), Duration.ofHours(4)))
        .sla(9, new SlaTarget(Duration.ofMinutes(1), Duration.ofHours(1))).build(), Routers.leastLoaded());
    Customer anna = shop.customers().create(List.of(), Map.of());
    Conversation c = shop.conversations().receive(msg(anna, Channels.SMS.id())).conversation();
    assertThat(c.firstResponseDueAt()).contains(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(shop.conversations().checkSla()).isEmpty();
    clock.advance(Duration.ofMinutes(6));
    List<SlaBreached> breaches = shop.conversations().checkSla();
    assertThat(breaches).extracting(SlaBreached::target).containsExactly(SlaBreached.Target.FIRST_RESPONSE);
    assertThat(shop.conversations().checkSla()).isEmpty();
    shop.conversations().reply(c.id(), Participant.bot("bot"), msg(anna, Channels.SMS.id()));
    assertThat(events).filteredOn(SlaBreached.class::isInstance).hasSize(1);
    clock.advance(Duration.ofHours(4));
    assertThat(shop.conversations().checkSla()).extracting(SlaBreached::target)
        .containsExactly(SlaBreached.Target.RESOLUTION);
    shop.conversations().resolve(c.id());
    assertThat(events).filteredOn(SlaBreached.class::isInstance).hasSize(2);

    Customer vip = shop.customers().create(List.of(), Map.of());
    Conversation urgent = shop.conversations().receive(Inbound.builder(msg(vip, Channels.SMS.id())).priority(9).build())
        .conversation();
    assertThat(urgent.firstResponseDueAt()).contains(clock.instant().plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(2));
    shop.conversations().reply(urgent.id(), Participant.bot("bot"), msg(vip, Channels.SMS.id()));
    assertThat(shop.conversations().get(urgent.id()).firstResponseBreached()).isTrue();
    assertThat(shop.conversations().checkSla()).isEmpty();
  }

  // ---- races, simulated by a unit of work that read rows just before another one committed

  private OmniTenant botShop(StaleReadStore store) {
    return Omni.builder().store(store).clock(clock).conversationPolicy(ConversationPolicy.builder()
        .initialOwner(Participant.bot("bot")).build()).listener(events::add).build().tenant("acme");
  }

  @Test
  void channelSwitchAndAConcurrentAssignmentNeverOverfillTheAgent() {
    StaleReadStore store = new StaleReadStore();
    OmniTenant shop = botShop(store);
    shop.agents().register(Agent.builder(AgentId.of("petra")).presence(Presence.AVAILABLE)
        .capacity(ChannelKind.REAL_TIME_TEXT, 1).capacity(ChannelKind.VOICE, 1).build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    Customer bob = shop.customers().create(List.of(), Map.of());
    ConversationId chat = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    ConversationId call = shop.conversations().receive(msg(bob, Channels.VOICE.id())).conversation().id();
    shop.conversations().assign(chat, AgentId.of("petra"));
    // the assignment reads petra and her chat, then anna's chat becomes a call and commits
    store.remember(shop.conversations().get(chat));
    store.remember(shop.agents().get(AgentId.of("petra")));
    shop.handoffs().switchChannel(chat, Channels.VOICE.id(), "customer asked for a call-back");
    assertThat(shop.agents().load(AgentId.of("petra"))).isEqualTo(Map.of(ChannelKind.VOICE, 1));
    store.arm();

    assertThatThrownBy(() -> shop.conversations().assign(call, AgentId.of("petra"))).isInstanceOf(AgentUnavailableException.class);
    assertThat(shop.agents().load(AgentId.of("petra"))).isEqualTo(Map.of(ChannelKind.VOICE, 1));
    assertThat(shop.conversations().get(call).owner()).isEqualTo(Participant.bot("bot"));
  }

  @Test
  void replyReadBeforeAReassignmentCommittedIsNotStoredAsTheOldOwner() {
    StaleReadStore store = new StaleReadStore();
    OmniTenant shop = botShop(store);
    shop.agents().register(available("petra"));
    shop.agents().register(available("bob"));
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    shop.conversations().assign(id, AgentId.of("petra"));
    shop.conversations().reply(id, Participant.agent(AgentId.of("petra")), msg(anna, Channels.WEB_CHAT.id()));
    // petra's second reply reads the conversation, then it is given to bob and that commits
    store.remember(shop.conversations().get(id));
    shop.conversations().assign(id, AgentId.of("bob"));
    store.arm();

    assertThatThrownBy(() -> shop.conversations().reply(id, Participant.agent(AgentId.of("petra")), msg(anna, Channels.WEB_CHAT.id())))
        .isInstanceOf(NotOwnerException.class);
    assertThat(shop.conversations().transcript(id, 10)).hasSize(2);
  }

  @Test
  void replyReadBeforeACloseCommittedIsNotStored() {
    StaleReadStore store = new StaleReadStore();
    OmniTenant shop = botShop(store);
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    shop.conversations().reply(id, Participant.bot("bot"), msg(anna, Channels.WEB_CHAT.id()));
    store.remember(shop.conversations().get(id));
    shop.conversations().close(id);
    store.arm();

    assertThatThrownBy(() -> shop.conversations().reply(id, Participant.bot("bot"), msg(anna, Channels.WEB_CHAT.id())))
        .isInstanceOf(InvalidTransitionException.class);
    assertThat(shop.conversations().transcript(id, 10)).hasSize(2);
  }

  // ---- scheduler jobs: each due record in a unit of work of its own

  @Test
  void oneOfferThatCannotExpireNeitherBlocksNorRollsBackTheOthers() {
    StaleReadStore store = new StaleReadStore();
    OmniTenant shop = botShop(store);
    List<Handoff> offers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Customer c = shop.customers().create(List.of(), Map.of());
      ConversationId id = shop.conversations().receive(msg(c, Channels.WEB_CHAT.id())).conversation().id();
      offers.add(shop.handoffs().offer(id, HandoffRequest.to(Participant.queue("support"), "needs a person").build()));
      clock.advance(Duration.ofSeconds(1));
    }
    clock.advance(Duration.ofMinutes(10));
    store.poison(offers.get(0).id());

    assertThat(shop.handoffs().expireDue()).extracting(o -> o.handoff().id())
        .containsExactly(offers.get(1).id(), offers.get(2).id());
    assertThat(shop.handoffs().get(offers.get(0).id()).status()).isEqualTo(HandoffStatus.OFFERED);
    assertThat(shop.handoffs().get(offers.get(2).id()).status()).isEqualTo(HandoffStatus.EXPIRED);
    store.cure(offers.get(0).id());
    assertThat(shop.handoffs().expireDue()).extracting(o -> o.handoff().id()).containsExactly(offers.get(0).id());
  }

  @Test
  void oneConversationThatCannotBeWrittenNeitherBlocksNorRollsBackOtherBreachesOrWakeUps() {
    StaleReadStore store = new StaleReadStore();
    OmniTenant shop = Omni.builder().store(store).clock(clock).conversationPolicy(ConversationPolicy.builder()
        .initialOwner(Participant.bot("bot")).sla(new SlaTarget(Duration.ofMinutes(5), Duration.ofHours(4))).build())
        .build().tenant("acme");
    List<ConversationId> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Customer c = shop.customers().create(List.of(), Map.of());
      ids.add(shop.conversations().receive(msg(c, Channels.SMS.id())).conversation().id());
      shop.conversations().snooze(ids.get(i), clock.instant().plus(Duration.ofMinutes(1)));
      clock.advance(Duration.ofSeconds(1));
    }
    clock.advance(Duration.ofMinutes(10));
    store.poison(ids.get(1));

    assertThat(shop.conversations().checkSla()).extracting(b -> b.conversation().id())
        .containsExactly(ids.get(0), ids.get(2));
    assertThat(shop.conversations().wakeSnoozed()).extracting(Conversation::id).containsExactly(ids.get(0), ids.get(2));
    assertThat(shop.conversations().get(ids.get(1)).status()).isEqualTo(ConversationStatus.SNOOZED);
    store.cure(ids.get(1));
    assertThat(shop.conversations().checkSla()).extracting(b -> b.conversation().id()).containsExactly(ids.get(1));
    assertThat(shop.conversations().wakeSnoozed()).extracting(Conversation::id).containsExactly(ids.get(1));
  }

  @Test
  void schedulerJobThatFailsForEveryDueRecordReportsTheFailure() {
    StaleReadStore store = new StaleReadStore();
    OmniTenant shop = botShop(store);
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    Handoff h = shop.handoffs().offer(id, HandoffRequest.to(Participant.queue("support"), "needs a person").build());
    clock.advance(Duration.ofMinutes(10));
    store.poison(h.id());
    assertThatThrownBy(() -> shop.handoffs().expireDue()).isInstanceOf(io.github.omnictx.core.StoreException.class);
    assertThat(shop.handoffs().get(h.id()).status()).isEqualTo(HandoffStatus.OFFERED);
  }

  // ---- lock order

  @Test
  void everyUnitOfWorkWritesTheConversationBeforeItsHandoff() {
    StaleReadStore store = new StaleReadStore();
    OmniTenant shop = botShop(store);
    shop.agents().register(available("petra"));
    Customer anna = shop.customers().create(List.of(), Map.of());
    ConversationId id = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    Map<String, List<String>> writes = new java.util.LinkedHashMap<>();
    store.takeWrites();
    Handoff first = shop.handoffs().offer(id, HandoffRequest.to(Participant.agent(AgentId.of("petra")), "needs a person").build());
    writes.put("offer", store.takeWrites());
    shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id()));
    writes.put("receive while pending", store.takeWrites());
    shop.handoffs().decline(first.id(), AgentId.of("petra"));
    writes.put("decline", store.takeWrites());
    Handoff second = shop.handoffs().offer(id, HandoffRequest.to(Participant.agent(AgentId.of("petra")), "needs a person").build());
    store.takeWrites();
    shop.handoffs().accept(second.id(), AgentId.of("petra"));
    writes.put("accept", store.takeWrites());
    shop.handoffs().release(id, AgentId.of("petra"), Participant.bot("bot"));
    writes.put("release", store.takeWrites());
    Handoff third = shop.handoffs().offer(id, HandoffRequest.to(Participant.agent(AgentId.of("petra")), "needs a person").build());
    clock.advance(Duration.ofMinutes(10));
    store.takeWrites();
    shop.handoffs().expireDue();
    writes.put("expire", store.takeWrites());
    assertThat(shop.handoffs().get(third.id()).status()).isEqualTo(HandoffStatus.EXPIRED);

    writes.forEach((what, kinds) -> assertThat(kinds).as(what).contains("handoff")
        .first().isEqualTo("conversation"));
  }

  // ---- agent fallback

  @Test
  void agentFallbackIsAnAssignmentAndGoesToTheQueueWhenTheAgentIsFull() {
    OmniTenant shop = botShop();
    shop.agents().register(Agent.builder(AgentId.of("petra")).presence(Presence.AWAY).capacity(ChannelKind.REAL_TIME_TEXT, 1)
        .build());
    Customer anna = shop.customers().create(List.of(), Map.of());
    Customer bob = shop.customers().create(List.of(), Map.of());
    ConversationId annas = shop.conversations().receive(msg(anna, Channels.WEB_CHAT.id())).conversation().id();
    ConversationId bobs = shop.conversations().receive(msg(bob, Channels.WEB_CHAT.id())).conversation().id();
    Handoff first = shop.handoffs().offer(annas, HandoffRequest.to(Participant.queue("support"), "needs a person")
        .fallback(Participant.agent(AgentId.of("petra"))).build());
    Handoff second = shop.handoffs().offer(bobs, HandoffRequest.to(Participant.queue("support"), "needs a person")
        .fallback(Participant.agent(AgentId.of("petra"))).build());
    long version = shop.agents().get(AgentId.of("petra")).version();
    events.clear();

    Conversation toPetra = shop.handoffs().decline(first.id(), AgentId.of("petra")).conversation();
    assertThat(toPetra.owner()).isEqualTo(Participant.agent(AgentId.of("petra")));
    assertThat(toPetra.lastAgent()).contains(AgentId.of("petra"));
    assertThat(shop.agents().get(AgentId.of("petra")).version()).isGreaterThan(version);
    assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("HandoffDeclined",
        "ConversationAssigned");

    Conversation full = shop.handoffs().decline(second.id(), AgentId.of("petra")).conversation();
    assertThat(full.owner()).isEqualTo(Participant.queue("default"));
    assertThat(full.queuedAt()).isPresent();
    assertThat(shop.agents().load(AgentId.of("petra"))).isEqualTo(Map.of(ChannelKind.REAL_TIME_TEXT, 1));
  }
}
