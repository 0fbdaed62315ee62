package io.github.omnictx.core.channel;

import io.github.omnictx.core.identity.IdentityKind;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The standard channels of retail, predefined with their kinds and capabilities. Every {@code Omni}
 * knows these; more can be registered on the builder.
 */
public final class Channels {
  private Channels() {}

  /** The web shop itself: page views, carts, orders placed online. */
  public static final Channel WEB =
      Channel.builder("web", ChannelKind.DIGITAL).displayName("Web shop").addressedBy(IdentityKind.DEVICE).build();

  /** The mobile app itself: screens, carts, orders placed in the app. */
  public static final Channel APP =
      Channel.builder("app", ChannelKind.DIGITAL).displayName("Mobile app").addressedBy(IdentityKind.DEVICE).build();

  /** Chat on the retailer's website. */
  public static final Channel WEB_CHAT = chat("web-chat", "Web chat", 10_000, IdentityKind.DEVICE, null);

  /** Chat inside the retailer's mobile app. */
  public static final Channel APP_CHAT = chat("app-chat", "App chat", 10_000, IdentityKind.DEVICE, null);

  /**
   * WhatsApp (Cloud API or through Twilio): free-form replies only within 24 hours of the customer's
   * last message, approved templates at any time.
   */
  public static final Channel WHATSAPP =
      chat("whatsapp", "WhatsApp", 4096, IdentityKind.WHATSAPP, Duration.ofHours(24)).toBuilder()
          .supportsTemplates(true).build();

  /** Telegram bots. */
  public static final Channel TELEGRAM = chat("telegram", "Telegram", 4096, IdentityKind.TELEGRAM, null);

  /** Viber bots. */
  public static final Channel VIBER = chat("viber", "Viber", 7000, IdentityKind.VIBER, null);

  /** Facebook Messenger: free-form replies only within 24 hours. */
  public static final Channel MESSENGER =
      chat("messenger", "Messenger", 2000, IdentityKind.MESSENGER, Duration.ofHours(24));

  /** Instagram direct messages: free-form replies only within 24 hours. */
  public static final Channel INSTAGRAM =
      chat("instagram", "Instagram", 1000, IdentityKind.INSTAGRAM, Duration.ofHours(24));

  /** VK community messages (the Callback API in, {@code messages.send} out). */
  public static final Channel VK = chat("vk", "VK", 4096, IdentityKind.VK, null);

  /**
   * Text messages: at most 1,600 characters (Twilio's limit) and at most 10 concatenated segments
   * (1,530 GSM-7 characters, or 670 characters of other text), see {@link SmsSegments}.
   */
  public static final Channel SMS =
      Channel.builder("sms", ChannelKind.ASYNC_TEXT).displayName("SMS").outboundAllowed(true)
          .maxTextLength(1600).maxSegments(10).addressedBy(IdentityKind.PHONE).build();

  /** E-mail. */
  public static final Channel EMAIL =
      Channel.builder("email", ChannelKind.ASYNC_TEXT).displayName("E-mail").outboundAllowed(true)
          .maxTextLength(1_000_000).richMedia(true).addressedBy(IdentityKind.EMAIL).build();

  /** Push notifications to the app. */
  public static final Channel PUSH =
      Channel.builder("push", ChannelKind.NOTIFICATION).displayName("Push").outboundAllowed(true)
          .maxTextLength(240).addressedBy(IdentityKind.DEVICE).build();

  /**
   * Apple push notifications sent straight through APNs to the device tokens iOS apps register:
   * a channel of its own beside {@link #PUSH}, since an APNs token can be sent to only through
   * APNs and outbound sends on a channel through one adapter.
   */
  public static final Channel APPLE_PUSH =
      Channel.builder("apple-push", ChannelKind.NOTIFICATION).displayName("Apple push").outboundAllowed(true)
          .maxTextLength(240).addressedBy(IdentityKind.DEVICE).build();

  /** The call centre: inbound and outbound calls. */
  public static final Channel VOICE =
      Channel.builder("voice", ChannelKind.VOICE).displayName("Phone").outboundAllowed(true)
          .addressedBy(IdentityKind.PHONE).build();

  /** The physical store: visits, purchases and returns at the till. */
  public static final Channel STORE =
      Channel.builder("store", ChannelKind.IN_PERSON).displayName("Store").build();

  /** Every standard channel. */
  public static final List<Channel> STANDARD =
      List.of(WEB, APP, WEB_CHAT, APP_CHAT, WHATSAPP, TELEGRAM, VIBER, MESSENGER, INSTAGRAM, VK, SMS, EMAIL, PUSH, APPLE_PUSH,
          VOICE, STORE);

  private static Channel chat(String id, String name, int maxText, IdentityKind addressedBy, @Nullable Duration window) {
    Channel.Builder b = Channel.builder(id, ChannelKind.REAL_TIME_TEXT).displayName(name).outboundAllowed(true)
        .maxTextLength(maxText).richMedia(true).addressedBy(addressedBy);
    if (window != null) {
      b.serviceWindow(window);
    }
    return b.build();
  }
}
