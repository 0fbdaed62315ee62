package io.github.omnictx.channels;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.channel.Channels;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every built-in channel of {@link Channels#STANDARD} with the ids of the omni-channels adapters
 * that serve it (as each adapter is named unless configured otherwise): what a retailer can wire
 * without writing an adapter. omni-channels' tests build every adapter and check that each one's
 * id and channel are listed here, and that the README's channel table is {@link #markdownTable()},
 * so neither can drift. Immutable and thread-safe.
 */
public final class ChannelCatalogue {

  /**
   * One channel and its adapters.
   *
   * @param channel the channel, with its kind and capabilities
   * @param adapters the default ids of the adapters that serve it, empty for a channel recorded
   *     through the API only (the web shop, the app)
   */
  public record Entry(Channel channel, List<String> adapters) {
    /**
     * Copies the list.
     *
     * @throws NullPointerException if a field is null
     */
    public Entry {
      java.util.Objects.requireNonNull(channel, "channel");
      adapters = List.copyOf(adapters);
    }
  }

  private static final Map<String, List<String>> ADAPTERS = Map.ofEntries(
      Map.entry("web-chat", List.of("web-chat")),
      Map.entry("app-chat", List.of("app-chat")),
      Map.entry("whatsapp", List.of("whatsapp", "twilio-whatsapp")),
      Map.entry("telegram", List.of("telegram")),
      Map.entry("viber", List.of("viber")),
      Map.entry("messenger", List.of("messenger")),
      Map.entry("instagram", List.of("instagram")),
      Map.entry("vk", List.of("vk")),
      Map.entry("sms", List.of("twilio-sms")),
      Map.entry("email", List.of("mailgun", "mail")),
      Map.entry("push", List.of("fcm")),
      Map.entry("apple-push", List.of("apns")),
      Map.entry("voice", List.of("call-center")),
      Map.entry("store", List.of("pos")));

  private static final List<Entry> ENTRIES = Channels.STANDARD.stream()
      .map(c -> new Entry(c, ADAPTERS.getOrDefault(c.id().value(), List.of()))).toList();

  private ChannelCatalogue() {}

  /** @return every standard channel, in {@link Channels#STANDARD} order, with its adapters */
  public static List<Entry> entries() {
    return ENTRIES;
  }

  /** @return the channels at least one built-in adapter serves */
  public static List<Entry> withAdapters() {
    return ENTRIES.stream().filter(e -> !e.adapters().isEmpty()).toList();
  }

  /**
   * The catalogue as the Markdown table the README shows: channel id, kind, outbound, text limit,
   * media, service window, identity kind, adapter ids.
   *
   * @return the table, one row per channel, each line ending in {@code \n}
   */
  public static String markdownTable() {
    StringBuilder t = new StringBuilder(
        "| channel | kind | outbound | text limit | media | service window | addressed by | adapters |\n"
            + "|---|---|---|---|---|---|---|---|\n");
    for (Entry e : ENTRIES) {
      Channel c = e.channel();
      t.append("| `").append(c.id()).append("` | ").append(c.kind()).append(" | ")
          .append(c.outboundAllowed() ? "yes" : "no").append(" | ")
          .append(c.maxTextLength() == 0 ? "-" : String.format(java.util.Locale.ROOT, "%,d", c.maxTextLength()))
          .append(c.maxSegments().isPresent() ? " (" + c.maxSegments().getAsInt() + " SMS)" : "").append(" | ")
          .append(c.richMedia() ? "yes" : "no").append(" | ")
          .append(c.serviceWindow().map(ChannelCatalogue::hours).orElse("-")).append(" | ")
          .append(c.addressedBy().map(Enum::name).orElse("-")).append(" | ")
          .append(e.adapters().isEmpty() ? "(API only)" : "`" + String.join("`, `", e.adapters()) + "`").append(" |\n");
    }
    return t.toString();
  }

  private static String hours(Duration d) {
    return d.toHours() + " h";
  }
}
