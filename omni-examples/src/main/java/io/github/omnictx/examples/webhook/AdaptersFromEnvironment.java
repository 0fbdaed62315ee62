package io.github.omnictx.examples.webhook;

import io.github.omnictx.channels.ResilientAdapter;
import io.github.omnictx.channels.callcenter.CallCenterAdapter;
import io.github.omnictx.channels.callcenter.CallCenterConfig;
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
import io.github.omnictx.channels.webchat.WebChatAdapter;
import io.github.omnictx.channels.webchat.WebChatConfig;
import io.github.omnictx.channels.whatsapp.WhatsAppAdapter;
import io.github.omnictx.channels.whatsapp.WhatsAppConfig;
import io.github.omnictx.core.channel.Channels;
import io.github.omnictx.core.channel.spi.ChannelAdapter;
import io.github.omnictx.core.channel.spi.InboundAdapter;
import io.github.omnictx.core.channel.spi.OutboundAdapter;
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
 * centre and the tills are inbound-only adapters with no {@code send} at all.
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
    e.all("MAILGUN_SIGNING_KEY", "MAILGUN_API_KEY", "MAILGUN_DOMAIN", "MAILGUN_FROM").ifPresent(v ->
        out.add(resilient(new MailgunAdapter(MailgunConfig.builder(v.get(0), v.get(1), v.get(2), v.get(3)).build()))));
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
