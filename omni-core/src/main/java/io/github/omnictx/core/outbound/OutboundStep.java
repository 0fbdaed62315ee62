package io.github.omnictx.core.outbound;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.channel.spi.OutboundMessage.Template;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.internal.Checks;
import java.util.Optional;

/**
 * One step of a decision's plan: the channel, the address and exactly what goes there. The first
 * step is the one queued; the others are the fallback chain, taken in order when a step fails for
 * good, its channel's window is closed, or (as the intent's {@link FallbackPolicy} says) it was not
 * delivered or read in time.
 *
 * @param index the step's place in the plan, from 0
 * @param channel the channel
 * @param address who to send to, an identity of the kind the channel addresses people by
 * @param text the free text sent, if the step sends text
 * @param template the template sent, if the step sends a template
 */
public record OutboundStep(int index, ChannelId channel, Identity address, Optional<String> text,
    Optional<Template> template) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is null, the index negative, or the step sends
   *     both or neither text and template
   */
  public OutboundStep {
    if (index < 0) {
      throw new IllegalArgumentException("step index must be >= 0, was: " + index);
    }
    Checks.notNull(channel, "channel");
    Checks.notNull(address, "address");
    Checks.notNull(text, "text");
    Checks.notNull(template, "template");
    if (text.isPresent() == template.isPresent()) {
      throw new IllegalArgumentException("a step sends either text or a template, was: text " + text.isPresent()
          + ", template " + template.isPresent());
    }
  }

  @Override
  public String toString() {
    return "step " + index + " " + channel + " to " + address.kind() + " "
        + template.map(t -> "template " + t.name()).orElse("text");
  }
}
