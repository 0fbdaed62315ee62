package io.github.omnictx.core.engine.outbound;

import io.github.omnictx.core.channel.Channel;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.Customer;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.identity.IdentityKind;
import io.github.omnictx.core.outbound.ChannelVerdict;
import io.github.omnictx.core.outbound.OutboundIntent;
import io.github.omnictx.core.outbound.SuppressionReason;
import java.util.Optional;

/**
 * The per-channel checks of a decision that need nothing but the channel, the intent and the
 * customer: availability, content, consent and address, in that order. Each answers the verdict of
 * a channel that fails it, or empty. Not API. Stateless.
 */
public final class ChannelRules {
  private ChannelRules() {}

  /**
   * @param channel the channel
   * @param hasSender whether a registered adapter sends on it
   * @return a verdict when the channel cannot send at all
   */
  public static Optional<ChannelVerdict> availability(Channel channel, boolean hasSender) {
    if (!channel.outboundAllowed()) {
      return verdict(channel, SuppressionReason.CHANNEL_UNAVAILABLE, "the channel allows no outbound messages");
    }
    if (channel.addressedBy().isEmpty()) {
      return verdict(channel, SuppressionReason.CHANNEL_UNAVAILABLE, "the channel addresses no one");
    }
    if (!hasSender) {
      return verdict(channel, SuppressionReason.CHANNEL_UNAVAILABLE, "no registered adapter sends on it");
    }
    return Optional.empty();
  }

  /**
   * @param channel the channel
   * @param intent the intent
   * @return a verdict when the intent has no template for the channel and no text that fits it
   */
  public static Optional<ChannelVerdict> content(Channel channel, OutboundIntent intent) {
    if (intent.templates().containsKey(channel.id()) && channel.supportsTemplates()) {
      return Optional.empty();
    }
    Optional<String> text = intent.textFor(channel.id());
    if (text.isEmpty()) {
      return verdict(channel, SuppressionReason.CONTENT_UNFIT, "no text and no template for the channel");
    }
    return channel.textProblem(text.get()).flatMap(p -> verdict(channel, SuppressionReason.CONTENT_UNFIT, p));
  }

  /**
   * Consent for the channel and purpose: the latest answer wins ({@code GRANTED} allows, {@code
   * DENIED} and {@code REVOKED} block); without an answer service and transactional messages are
   * allowed and marketing is not.
   *
   * @param channel the channel
   * @param purpose the purpose
   * @param customer the live customer
   * @return a verdict when consent does not allow it
   */
  public static Optional<ChannelVerdict> consent(Channel channel, Purpose purpose, Customer customer) {
    Optional<Consent> answer = customer.consent(channel.id(), purpose);
    if (answer.isPresent()) {
      Consent c = answer.get();
      return c.status().allows() ? Optional.empty()
          : verdict(channel, SuppressionReason.NO_CONSENT, "consent " + c.status() + " for " + purpose + " (" + c.source()
              + ", " + c.at() + ")");
    }
    return purpose == Purpose.MARKETING
        ? verdict(channel, SuppressionReason.NO_CONSENT, "no consent answer for MARKETING: marketing needs a grant")
        : Optional.empty();
  }

  /**
   * The identity the channel reaches the customer at: the first (in identity order) of the kind the
   * channel addresses people by.
   *
   * @param channel the channel
   * @param customer the live customer
   * @return the address, empty when the customer has none of that kind
   */
  public static Optional<Identity> address(Channel channel, Customer customer) {
    Optional<IdentityKind> kind = channel.addressedBy();
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    return customer.identities().stream().filter(i -> i.kind() == kind.get()).findFirst();
  }

  /**
   * @param channel the channel
   * @return the verdict for a customer without an address on it
   */
  public static ChannelVerdict noAddress(Channel channel) {
    return new ChannelVerdict(channel.id(), SuppressionReason.NO_ADDRESS,
        "no " + channel.addressedBy().map(Enum::name).orElse("") + " identity");
  }

  static Optional<ChannelVerdict> verdict(Channel channel, SuppressionReason reason, String detail) {
    return Optional.of(new ChannelVerdict(channel.id(), reason, detail));
  }
}
