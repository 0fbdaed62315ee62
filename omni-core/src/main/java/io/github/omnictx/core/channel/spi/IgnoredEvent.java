package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.internal.Checks;

/**
 * Something the adapter recognised and deliberately does not record (a typing indicator, a
 * webhook test ping, an edit of an earlier message when edits are not tracked). Answered with 2xx.
 *
 * @param kind what it was, e.g. {@code "callback_query"}, {@code "webhook"}
 * @param reason why it is not recorded
 */
public record IgnoredEvent(String kind, String reason) implements InboundEvent {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is blank
   */
  public IgnoredEvent {
    Checks.notBlank(kind, "kind");
    Checks.notBlank(reason, "reason");
  }
}
