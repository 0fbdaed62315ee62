package io.github.omnictx.examples.webhook;

import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.channels.apns.ApnsAdapter;
import io.github.omnictx.channels.apns.ApnsConfig;
import io.github.omnictx.channels.callcenter.CallCenterAdapter;
import io.github.omnictx.channels.callcenter.CallCenterConfig;
import io.github.omnictx.channels.email.ImapPoller;
import io.github.omnictx.channels.email.MailAdapter;
import io.github.omnictx.channels.email.MailConfig;
import io.github.omnictx.channels.email.MailServer;
import io.github.omnictx.channels.mailgun.MailgunAdapter;
import io.github.omnictx.channels.mailgun.MailgunConfig;
import io.github.omnictx.channels.meta.MetaConfig;
import io.github.omnictx.channels.meta.MetaMessagingAdapter;
import io.github.omnictx.channels.pos.PosAdapter;
import io.github.omnictx.channels.pos.PosConfig;
import io.github.omnictx.channels.telegram.TelegramAdapter;
import io.github.omnictx.channels.telegram.TelegramConfig;
import io.github.omnictx.channels.twilio.TwilioAdapter;
import io.github.omnictx.channels.twilio.TwilioConfig;
import io.github.omnictx.channels.viber.ViberAdapter;
import io.github.omnictx.channels.viber.ViberConfig;
import io.github.omnictx.channels.vk.VkAdapter;
import io.github.omnictx.channels.vk.VkConfig;
import io.github.omnictx.channels.webchat.WebChatAdapter;
import io.github.omnictx.channels.webchat.WebChatConfig;
import io.github.omnictx.channels.whatsapp.WhatsAppAdapter;
import io.github.omnictx.channels.whatsapp.WhatsAppConfig;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.ChannelAdapter;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
import io.github.omnictx.core.webhook.Webhooks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the channel adapters whose secrets are present in the environment; a provider without its
 * variables is simply not mounted. The variable names are listed in the README's webhook section.
 *
 * <p>The messaging providers' adapters receive and send: each is wrapped in a {@link
 * ResilientAdapter} (retry with backoff, circuit breaker, rate limiter around {@code send}), which
 * keeps its webhooks, so one registration on {@code Omni.builder().adapter(...)} serves both
 * directions. The web and app chat here have no callback URL, so they only receive; the call
 * centre and the tills are inbound-only adapters with no {@code send} at all. Apple push only
 * sends. The mail adapter is mounted unwrapped, since its {@link io.github.omnictx.channels.email.ImapPoller}
 * needs it itself (the dispatcher retries a failed mail); {@code WebhookServer} starts the poller.
 *
 * <p>A variable that is present but malformed (a group id that is no number, an APNs key that does
 * not parse) stops the start-up with an {@link IllegalArgumentException} naming the variable.
 */
public final class AdaptersFromEnvironment {
  private AdaptersFromEnvironment() {}

  /**
   * @param env the environment, e.g. {@code System.getenv()}
   * @return the adapters that are fully configured, in the README's order
   */
  public static List<ChannelAdapter> adapters(Map<String, String> env) {
    List<ChannelAdapter> out = new ArrayList<>();
    Env e = new Env(env);
    e.all("TELEGRAM_BOT_TOKEN", "TELEGRAM_SECRET_TOKEN").ifPresent(v ->
        out.add(resilient(new TelegramAdapter(TelegramConfig.builder(v.get(0), v.get(1)).build()))));
    e.all("WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID").ifPresent(v ->
        out.add(resilient(new WhatsAppAdapter(WhatsAppConfig.builder().appSecret(v.get(0)).verifyToken(v.get(1))
            .accessToken(v.get(2)).phoneNumberId(v.get(3)).build()))));
    e.all("MESSENGER_APP_SECRET", "MESSENGER_VERIFY_TOKEN", "MESSENGER_ACCESS_TOKEN", "MESSENGER_PAGE_ID").ifPresent(v ->
        out.add(resilient(new MetaMessagingAdapter(MetaConfig.messenger().appSecret(v.get(0)).verifyToken(v.get(1))
            .accessToken(v.get(2)).accountId(v.get(3)).build()))));
    e.all("INSTAGRAM_APP_SECRET", "INSTAGRAM_VERIFY_TOKEN", "INSTAGRAM_ACCESS_TOKEN", "INSTAGRAM_ACCOUNT_ID").ifPresent(v ->
        out.add(resilient(new MetaMessagingAdapter(MetaConfig.instagram().appSecret(v.get(0)).verifyToken(v.get(1))
            .accessToken(v.get(2)).accountId(v.get(3)).build()))));
    e.all("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_SMS_FROM").ifPresent(v ->
        out.add(resilient(new TwilioAdapter(TwilioConfig.builder(v.get(0), v.get(1)).channel(Channels.SMS).from(v.get(2))
            .build()))));
    e.all("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM").ifPresent(v ->
        out.add(resilient(new TwilioAdapter(TwilioConfig.builder(v.get(0), v.get(1)).channel(Channels.WHATSAPP)
            .from(v.get(2)).build()))));
    e.all("VIBER_AUTH_TOKEN", "VIBER_SENDER_NAME").ifPresent(v ->
        out.add(resilient(new ViberAdapter(ViberConfig.builder(v.get(0), v.get(1)).build()))));
    e.all("VK_GROUP_ID", "VK_CONFIRMATION_CODE", "VK_SECRET", "VK_ACCESS_TOKEN").ifPresent(v ->
        out.add(resilient(new VkAdapter(named("VK_*", () -> VkConfig.builder(number(v.get(0), "VK_GROUP_ID"), v.get(1),
            v.get(2), v.get(3)).build())))));
    e.all("MAILGUN_SIGNING_KEY", "MAILGUN_API_KEY", "MAILGUN_DOMAIN", "MAILGUN_FROM").ifPresent(v ->
        out.add(resilient(new MailgunAdapter(MailgunConfig.builder(v.get(0), v.get(1), v.get(2), v.get(3)).build()))));
    e.all("MAIL_ADDRESS", "SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD").ifPresent(v -> {
      MailServer smtp = named("SMTP_*", () -> MailServer.login(v.get(1), (int) number(v.get(2), "SMTP_PORT"),
          security(env.getOrDefault("SMTP_SECURITY", "STARTTLS"), "SMTP_SECURITY"), v.get(3), v.get(4)));
      MailConfig.Builder mail = named("MAIL_ADDRESS", () -> MailConfig.builder(v.get(0), smtp));
      e.all("IMAP_HOST", "IMAP_PORT", "IMAP_USERNAME", "IMAP_PASSWORD").ifPresent(i -> mail.imap(named("IMAP_*", () ->
          MailServer.login(i.get(0), (int) number(i.get(1), "IMAP_PORT"),
              security(env.getOrDefault("IMAP_SECURITY", "TLS"), "IMAP_SECURITY"), i.get(2), i.get(3)))));
      out.add(new MailAdapter(mail.build()));
    });
    e.all("APNS_KEY", "APNS_KEY_ID", "APNS_TEAM_ID", "APNS_TOPIC").ifPresent(v -> {
      ApnsConfig.Builder apns = named("APNS_KEY", () -> ApnsConfig.builder(v.get(0), v.get(1), v.get(2), v.get(3)));
      if (Boolean.parseBoolean(env.getOrDefault("APNS_SANDBOX", "false"))) {
        apns.apiBaseUrl(ApnsConfig.SANDBOX);
      }
      out.add(ApnsAdapter.resilient(new ApnsAdapter(apns.build())).build());
    });
    e.all("WEBCHAT_SECRET").ifPresent(v -> out.add(new WebChatAdapter(WebChatConfig.builder(v.get(0)).build())));
    e.all("APPCHAT_SECRET").ifPresent(v ->
        out.add(new WebChatAdapter(WebChatConfig.builder(v.get(0)).channel(Channels.APP_CHAT).build())));
    // Callers and receipts carry national numbers ("0151 ..."): the region they are dialled in.
    e.all("CALLCENTER_SECRET").ifPresent(v -> {
      CallCenterConfig.Builder b = CallCenterConfig.builder(v.get(0));
      e.one("CALLCENTER_DEFAULT_REGION").ifPresent(b::defaultRegion);
      out.add(new CallCenterAdapter(b.build()));
    });
    e.all("POS_SECRET").ifPresent(v -> {
      PosConfig.Builder b = PosConfig.builder(v.get(0));
      e.one("POS_DEFAULT_REGION").ifPresent(b::defaultRegion);
      out.add(new PosAdapter(b.build()));
    });
    return out;
  }

  /**
   * Starts one IMAP poller, every minute, for each mail adapter among the adapters that has an
   * IMAP server configured.
   *
   * @param adapters the adapters {@link #adapters} built, registered on the tenant's Omni
   * @param webhooks the tenant's webhook pipeline
   * @return the started pollers, to close on shut-down
   */
  public static List<ImapPoller> pollers(List<ChannelAdapter> adapters, Webhooks webhooks) {
    List<ImapPoller> out = new ArrayList<>();
    for (ChannelAdapter a : adapters) {
      if (a instanceof MailAdapter mail && mail.config().imap().isPresent()) {
        out.add(new ImapPoller(mail, webhooks).start(java.time.Duration.ofMinutes(1)));
      }
    }
    return out;
  }

  /** Builds a configuration, naming the environment variable(s) when a value is refused. */
  private static <T> T named(String variables, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variables + ": " + e.getMessage(), e);
    }
  }

  private static long number(String value, String variable) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + " must be a number, was: " + value, e);
    }
  }

  private static MailServer.Security security(String value, String variable) {
    try {
      return MailServer.Security.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variable + " must be TLS, STARTTLS or NONE, was: " + value, e);
    }
  }

  /** A messaging adapter with resilient sends; the wrapper is an inbound adapter too, as its delegate is. */
  private static <A extends InboundAdapter & OutboundAdapter> ChannelAdapter resilient(A adapter) {
    return ResilientAdapter.builder(adapter).build();
  }

  private record Env(Map<String, String> env) {
    Optional<String> one(String name) {
      return all(name).map(v -> v.get(0).strip());
    }

    Optional<List<String>> all(String... names) {
      List<String> values = new ArrayList<>();
      for (String n : names) {
        String v = env.get(n);
        if (v == null || v.isBlank()) {
          return Optional.empty();
        }
        values.add(v);
      }
      return Optional.of(values);
    }
  }
}
