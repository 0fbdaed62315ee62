package io.github.omnictx.core.outbound;

/**
 * Why Omni decided not to send, or why a channel was passed over. A suppression is stored with its
 * reason and a detail, and can be read back like any other decision.
 *
 * <p>When no channel is left, the decision's reason is the one of the channel that got furthest
 * through the checks, in this order: {@link #CHANNEL_UNAVAILABLE}, {@link #CONTENT_UNFIT}, {@link
 * #NO_CONSENT}, {@link #NO_ADDRESS}, {@link #SERVICE_WINDOW_CLOSED}, {@link #FREQUENCY_CAP}. The
 * checks of the whole intent ({@link #RECENT_PURCHASE}, {@link #DEADLINE_PASSED}, and a frequency
 * cap over every channel) suppress it at once.
 */
public enum SuppressionReason {
  /** The channel does not allow outbound messages, or no registered adapter sends on it. */
  CHANNEL_UNAVAILABLE,
  /** The content cannot go on the channel: it carries no text, or no template the intent gave. */
  CONTENT_UNFIT,
  /** The customer's answer for the channel and purpose does not allow it (or, for marketing, none was given). */
  NO_CONSENT,
  /** The customer has no identity of the kind the channel addresses people by. */
  NO_ADDRESS,
  /** Outside the channel's service window (WhatsApp: 24 hours after the customer's last message), and no template for it. */
  SERVICE_WINDOW_CLOSED,
  /** A frequency cap of the policy is reached for the purpose (on the channel, or over every channel). */
  FREQUENCY_CAP,
  /** Marketing within the policy's pause after the customer's last purchase. */
  RECENT_PURCHASE,
  /** The message could not go out before the intent's deadline (e.g. quiet hours last beyond it). */
  DEADLINE_PASSED
}
