package io.github.omnictx.core.testing;

import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.conversation.ConversationId;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.handoff.BotCollected;
import io.github.omnictx.core.handoff.HandoffRequest;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import io.github.omnictx.core.webhook.WebhookResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One person on every channel, for the privacy tests: an e-mail customer who writes on WhatsApp
 * (a second customer, merged into the first), with a Telegram handle and a loyalty card, consents,
 * a purchase, and a conversation handed off to an agent with what the bot collected and a note.
 * The strings below must not survive an erase anywhere in a store.
 */
public final class PrivacyFixture {
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /** Her e-mail address. */
  public final String email;
  /** Her phone number, E.164. */
  public final String phone;
  /** Her name. */
  public final String name;
  /** Her loyalty card. */
  public final String card;
  /** Her Telegram user id. */
  public final String telegram;
  /** What she wrote on WhatsApp. */
  public final String message;
  /** The WhatsApp message id of it. */
  public final String wamid;
  /** What the agent noted. */
  public final String note;
  /** The order number the bot collected. */
  public final String order;

  private PrivacyFixture(String salt, String digits) {
    this.email = "anna.schmidt." + salt + "@example.com";
    this.phone = "+49151" + digits;
    this.name = "Anna Schmidtova-" + salt;
    this.card = "LC" + digits + "77";
    this.telegram = "tg-" + digits;
    this.message = "Wo bleibt mein Paket mit den roten Wollsocken " + salt + "?";
    this.wamid = "wamid.FIXTURE-" + salt;
    this.note = "Anna ruft abends zurueck " + salt;
    this.order = "ORD-" + salt;
  }

  /** @return a person whose strings occur nowhere else (a random salt and phone number) */
  public static PrivacyFixture random() {
    String salt = Long.toString(Math.abs(RANDOM.nextLong() % 1_000_000_000_000L), 36) + "q";
    String digits = String.format("%08d", RANDOM.nextInt(100_000_000));
    PrivacyFixture f = new PrivacyFixture(salt, digits);
    LogCapture.register(f.secrets()); // none of her strings may reach a log line
    return f;
  }

  /** @return every string of the fixture that is about her */
  public List<String> secrets() {
    return List.of(email, phone, phone.substring(1), name, card, telegram, message, note, order);
  }

  /** What {@link #seed} made. */
  public record Seeded(CustomerId web, CustomerId whatsapp, ConversationId conversation) {}

  /**
   * Seeds the person in a tenant whose Omni has {@code inbox} (a {@link FakeInbox} on WhatsApp) and
   * a sender on SMS ({@link FakeProvider}) registered.
   *
   * @param shop the tenant
   * @param clock the clock the Omni runs on
   * @return the ids
   */
  public Seeded seed(OmniTenant shop, MutableClock clock) {
    Customer web = shop.customers().create(List.of(Identity.email(email)), Map.of("name", name, "city", "Leipzig"));
    shop.consents().record(web.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "web-signup");
    shop.consents().record(web.id(), Channels.SMS.id(), Purpose.MARKETING, ConsentStatus.DENIED, "till");
    clock.advance(Duration.ofMinutes(1));
    WebhookResult hook = shop.webhooks().process("inbox", FakeInbox.message(wamid, phone, message, clock.instant()));
    if (hook.recorded().size() != 1) {
      throw new AssertionError("the fixture's WhatsApp message was not recorded: " + hook);
    }
    CustomerId whatsapp = hook.recorded().get(0).customerId();
    ConversationId conversation = hook.recorded().get(0).conversationId().orElseThrow();
    shop.consents().record(whatsapp, Channels.WHATSAPP.id(), Purpose.SERVICE, ConsentStatus.GRANTED, "first message");
    shop.handoffs().offer(conversation, HandoffRequest.to(Participant.queue("support"), "wants a person")
        .collected(new BotCollected(Optional.of("where-is-my-order"), Optional.of(order), Map.of("name", name)))
        .note(note).build());
    clock.advance(Duration.ofMinutes(1));
    shop.identities().merge(web.id(), whatsapp, "manual: same person");
    shop.identities().link(web.id(), Identity.loyaltyCard(card));
    shop.identities().link(web.id(), Identity.of(io.github.omnictx.core.identity.IdentityKind.TELEGRAM, telegram));
    shop.timeline().record(NewTouchpoint.builder(web.id(), Channels.STORE.id(), TouchpointType.PURCHASE)
        .externalId("receipt-" + card).occurredAt(clock.instant())
        .payload(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("card", card)
            .put("amount", 39.90).put("customerName", name))
        .build());
    // An order update queued on SMS (not sent): a decision with her address and text, and an outbox row.
    shop.outbound().send(io.github.omnictx.core.outbound.OutboundIntent.builder(web.id(), Purpose.TRANSACTIONAL,
        "shipped-" + order).text("Ihr Paket " + order + " ist unterwegs, " + name).channels(List.of(Channels.SMS.id())).build());
        return new Seeded(web.id(), whatsapp, conversation);
  }
}
