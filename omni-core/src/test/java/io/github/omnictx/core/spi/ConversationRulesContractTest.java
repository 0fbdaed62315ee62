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
import io.github.omnictx.core.conversation.ConversationPolicy;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.conversation.SlaTarget;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.event.SlaBreached;
import io.github.omnictx.core.handoff.HandoffRequest;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.routing.Agent;
import io.github.omnictx.core.routing.Presence;
import io.github.omnictx.core.testing.MutableClock;
import io.github.omnictx.core.timeline.NewTouchpoint;
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
}
