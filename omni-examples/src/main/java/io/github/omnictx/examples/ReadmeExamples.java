package io.github.omnictx.examples;

import io.github.omnictx.channels.telegram.TelegramAdapter;
import io.github.omnictx.channels.telegram.TelegramConfig;
import io.github.omnictx.channels.whatsapp.WhatsAppAdapter;
import io.github.omnictx.channels.whatsapp.WhatsAppConfig;
import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.channels.email.ImapPoller;
import io.github.omnictx.channels.email.MailAdapter;
import io.github.omnictx.channels.email.MailConfig;
import io.github.omnictx.channels.email.MailServer;
import io.github.omnictx.core.Omni;
import io.github.omnictx.core.OmniTenant;
import io.github.omnictx.core.RetryPolicy;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.ChannelAdapter;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundMessage;
import io.github.omnictx.core.consent.ConsentStatus;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.event.OutboundFailed;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.journey.BuiltInJourneys;
import io.github.omnictx.core.journey.Journey;
import io.github.omnictx.core.journey.SignalClassifier;
import io.github.omnictx.core.journey.Trigger;
import io.github.omnictx.core.loyalty.InMemoryLoyalty;
import io.github.omnictx.core.event.OutboundSent;
import io.github.omnictx.core.outbound.DispatcherSettings;
import io.github.omnictx.core.outbound.FallbackPolicy;
import io.github.omnictx.core.outbound.FrequencyCap;
import io.github.omnictx.core.outbound.OutboundDecision;
import io.github.omnictx.core.outbound.OutboundDispatcher;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.outbound.OutboundPolicy;
import io.github.omnictx.core.spi.OmniStore;
import io.github.omnictx.core.testkit.JourneyTestKit;
import io.github.omnictx.core.timeline.NewTouchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.github.omnictx.core.webhook.WebhookRequest;
import io.github.omnictx.core.webhook.WebhookResponse;
import io.github.omnictx.store.jdbc.JdbcStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import io.github.omnictx.core.privacy.ErasureReceipt;
import io.github.omnictx.core.privacy.PrivacySettings;
import io.github.omnictx.core.privacy.RetentionRule;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The README's smaller examples, kept compiling here ({@code ReadmeSnippetTest} checks that every
 * Java block in the README stands in this file, {@link QuickStart} or a test).
 */
public final class ReadmeExamples {
  private ReadmeExamples() {}

  /**
   * The JDBC store on the application's own pool.
   *
   * @param pool the application's DataSource
   * @return Omni on that database
   */
  public static Omni onYourDatabase(DataSource pool) {
    OmniStore store = JdbcStore.builder(pool).tablePrefix("omni_").migrate(true).build();
    return Omni.builder().store(store).build();
  }

  /**
   * Webhooks through the pipeline.
   *
   * @param store the store
   * @param appSecret Meta app secret
   * @param verifyToken Meta verify token
   * @param token WhatsApp access token
   * @param phoneNumberId WhatsApp phone number id
   * @param botToken Telegram bot token
   * @param secretToken Telegram webhook secret token
   * @param method the request's HTTP method
   * @param publicUrl the public URL the provider called
   * @param headers the request headers
   * @param rawBody the raw body bytes
   * @return the response to write back
   */
  public static WebhookResponse webhooks(OmniStore store, String appSecret, String verifyToken, String token,
      String phoneNumberId, String botToken, String secretToken, String method, String publicUrl,
      Map<String, List<String>> headers, byte[] rawBody) {
    Omni omni = Omni.builder()
        .store(store)
        .adapter(new WhatsAppAdapter(WhatsAppConfig.builder().appSecret(appSecret).verifyToken(verifyToken)
            .accessToken(token).phoneNumberId(phoneNumberId).build()))
        .adapter(new TelegramAdapter(TelegramConfig.builder(botToken, secretToken).build()))
        .build();

    // in your HTTP handler, with the raw body bytes and the public URL the provider called:
    WebhookResponse response = omni.tenant("acme").webhooks().handle("whatsapp",
        WebhookRequest.builder(method, publicUrl).headers(headers).body(rawBody).build());
    return response;
  }

  /**
   * A retry policy for a store with a few hot rows: fewer attempts, a short jittered pause between
   * them.
   *
   * @param store the store
   * @return Omni with that policy
   */
  public static Omni withRetryPolicy(OmniStore store) {
    return Omni.builder()
        .store(store)
        .retryPolicy(RetryPolicy.builder().maxAttempts(5).backoff(Duration.ofMillis(2), Duration.ofMillis(50)).build())
        .build();
  }

  /**
   * An abandoned-cart reminder through outbound: Omni picks the channel, and falls back to the next
   * one when the first is not delivered within four hours.
   *
   * @param shop the tenant
   * @param anna the customer
   * @param now the current time
   * @return the decision
   */
  public static OutboundDecision cartReminder(OmniTenant shop, Customer anna, Instant now) {
    OutboundDecision decision = shop.outbound().send(
        OutboundIntent.builder(anna.id(), Purpose.MARKETING, "cart-reminder-8812")
            .text("Your Trail Runners are still in your cart")
            .text(Channels.EMAIL.id(), "Hi Anna, your Trail Runner GTX in size 39 is still in your cart.")
            .template(Channels.WHATSAPP.id(), new OutboundMessage.Template("cart_reminder", "de", List.of("Trail Runner GTX")))
            .deadline(now.plus(Duration.ofDays(2)))
            .fallback(FallbackPolicy.nextChannelUnlessDeliveredWithin(Duration.ofHours(4)))
            .build());
    System.out.println(decision); // e.g. QUEUED on sms to PHONE +4915112345678, then email
    return decision;
  }

  /**
   * Frequency caps and a pause in marketing after a purchase.
   *
   * @param store the store
   * @param smsAdapter the SMS provider's adapter
   * @return Omni with that policy
   */
  public static Omni withOutboundPolicy(OmniStore store, OutboundAdapter smsAdapter) {
    return Omni.builder()
        .store(store)
        .adapter(ResilientAdapter.builder(smsAdapter).build())
        .outboundPolicy(OutboundPolicy.builder()
            .cap(FrequencyCap.perDay(2))
            .cap(FrequencyCap.rolling(5, Duration.ofDays(7)).on(Channels.SMS.id()))
            .marketingPauseAfterPurchase(Duration.ofDays(3))
            .build())
        .build();
  }

  /**
   * A dispatcher on this node, polling every second.
   *
   * @param omni Omni
   * @return the running dispatcher (close it on shutdown)
   */
  public static OutboundDispatcher startDispatcher(Omni omni) {
    OutboundDispatcher dispatcher = omni.dispatcher(DispatcherSettings.builder().nodeId("shop-node-1").build());
    dispatcher.start(Duration.ofSeconds(1));
    return dispatcher;
  }

  /**
   * The dispatcher's figures in Micrometer: counters from the outbound events, gauges from its stats.
   *
   * @param store the store
   * @param smsAdapter the SMS provider's adapter
   * @param registry the application's meter registry
   * @return the dispatcher (not started)
   */
  public static OutboundDispatcher withMicrometer(OmniStore store, OutboundAdapter smsAdapter, MeterRegistry registry) {
    Omni omni = Omni.builder()
        .store(store)
        .adapter(smsAdapter)
        .listener(event -> {
          if (event instanceof OutboundSent sent) {
            registry.counter("omni.outbound.sent", "channel", sent.channel().value()).increment();
          } else if (event instanceof OutboundFailed failed) {
            registry.counter("omni.outbound.failed", "channel", failed.channel().value(), "reason", failed.reason()).increment();
          }
        })
        .build();
    OutboundDispatcher dispatcher = omni.dispatcher();
    Gauge.builder("omni.outbox.due", dispatcher, d -> d.stats().due()).register(registry);
    Gauge.builder("omni.outbox.oldest.due", dispatcher, d -> d.stats().oldestDueAge().toSeconds()).baseUnit("seconds")
        .register(registry);
    return dispatcher;
  }

  /**
   * "Webhooks: channels in": e-mail on the retailer's own servers, polled from IMAP.
   *
   * @param store the store
   * @param smtpPassword the SMTP login's password
   * @param imapPassword the IMAP login's password
   * @return the started poller
   */
  public static ImapPoller mailFromYourOwnServer(OmniStore store, String smtpPassword, String imapPassword) {
    MailConfig mail = MailConfig.builder("service@grocer.example",
            MailServer.login("smtp.grocer.example", 587, MailServer.Security.STARTTLS, "service", smtpPassword))
        .imap(MailServer.login("imap.grocer.example", 993, MailServer.Security.TLS, "service", imapPassword))
        .displayName("Grocer customer service").build();
    MailAdapter mailAdapter = new MailAdapter(mail);
    Omni shop = Omni.builder().store(store).adapter(mailAdapter).build();
    ImapPoller poller = new ImapPoller(mailAdapter, shop.tenant("acme").webhooks()).start(Duration.ofMinutes(1));
    return poller;
  }

  /**
   * A journey of the application's own, next to built-in ones, and the dispatcher that fires its waits.
   *
   * @param store the store
   * @return Omni with the journeys
   */
  public static Omni withJourneys(OmniStore store) {
    Journey cartReminder = Journey.builder("cart_reminder", 1)
        .trigger(Trigger.on(TouchpointType.CART_ABANDONED).correlateByPayload("cart"))
        .exitWhen(TouchpointType.PURCHASE, (run, purchase) -> purchase.payloadText("cart").equals(run.triggerText("cart")))
        .waitFor(Duration.ofMinutes(20))
        .send(Purpose.MARKETING, List.of(Channels.EMAIL.id()), run -> "Your cart is still waiting for you")
        .build();
    Omni omni = Omni.builder().store(store)
        .journey(cartReminder)
        .journey(BuiltInJourneys.birthday())
        .journey(BuiltInJourneys.negativeSignal(SignalClassifier.ruleBased(), 200))
        .loyalty(new InMemoryLoyalty(Clock.systemUTC()))
        .build();
    omni.dispatcher().start(Duration.ofSeconds(1));
    return omni;
  }

  /**
   * The journey test kit: twenty minutes pass in a moment.
   *
   * @param cartReminder the journey under test
   * @return what it sent
   */
  public static List<JourneyTestKit.Sent> testAJourney(Journey cartReminder) {
    JourneyTestKit kit = JourneyTestKit.builder().journey(cartReminder).build();
    OmniTenant shop = kit.tenant();
    Customer anna = shop.customers().create(List.of(Identity.email("anna@example.com")), Map.of());
    shop.consents().record(anna.id(), Channels.EMAIL.id(), Purpose.MARKETING, ConsentStatus.GRANTED, "signup");
    shop.timeline().record(NewTouchpoint.builder(anna.id(), Channels.WEB.id(), TouchpointType.CART_ABANDONED)
        .payload(new ObjectMapper().createObjectNode().put("cart", "c-1")).build());
    kit.advance(Duration.ofMinutes(20));
    return kit.sent(Channels.EMAIL.id());
  }

  /**
   * Privacy on: the tenant secret tombstones are keyed with (from the application's secret store),
   * and how long WhatsApp message bodies are kept.
   *
   * @param store the store
   * @param tombstoneSecret at least 32 bytes, kept as long as erased people must stay erased
   * @return Omni with privacy
   */
  public static Omni withPrivacy(OmniStore store, byte[] tombstoneSecret) {
    return Omni.builder()
        .store(store)
        .privacy(PrivacySettings.builder()
            .tombstoneSecret(tombstoneSecret)
            .retention(new RetentionRule(Channels.WHATSAPP.id(), TouchpointType.MESSAGE, Duration.ofDays(90)))
            .build())
        .build();
  }

  /**
   * A data subject's requests: export, then erase.
   *
   * @param shop the tenant
   * @param anna the customer
   * @param out where the export goes
   * @return the erase receipt
   */
  public static ErasureReceipt subjectRequest(OmniTenant shop, Customer anna, OutputStream out) {
    shop.privacy().export(anna.id(), out);                   // article 15/20: everything, as JSON
    ErasureReceipt receipt = shop.privacy().erase(anna.id(), "dsr-2026-0042");  // article 17
    System.out.println(receipt.counts());  // e.g. {consents=3, conversations=1, customers=2, identities=4, ...}
    shop.privacy().purgeExpired();         // from your scheduler: bodies past their retention
    return receipt;
  }
}
