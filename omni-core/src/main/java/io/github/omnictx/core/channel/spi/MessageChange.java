package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * An edit or a deletion of a message recorded earlier, as the provider reported it (WhatsApp {@code
 * edit} and {@code revoke}, Telegram {@code edited_message}, Messenger {@code message_edit} and
 * unsent messages). It is a fact about the original message, never a message of its own.
 *
 * <p>The rule, the same for every adapter; the pipeline applies it to the touchpoint recorded under
 * {@link #originalId()} on the adapter's channel:
 *
 * <ul>
 *   <li>An {@link Kind#EDIT} sets the touchpoint's {@code text} to the new text, keeps the text it
 *       had first as {@code originalText}, and lists every edit under {@code edits} ({@code at},
 *       {@code text}) in time order; the latest edit by time is the text, whatever order the edits
 *       arrive in.
 *   <li>A {@link Kind#REVOKE} marks the touchpoint deleted ({@code deleted: true}, {@code deletedAt})
 *       and removes everything the customer wrote or sent with it: the text, its edits, attachments
 *       and the provider's object. Later edits of a deleted message change nothing.
 *   <li>Neither creates a customer, a conversation or a touchpoint. A change of a message that was
 *       never recorded (or not yet) is counted as ignored, and a redelivered change changes nothing.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param originalId the provider's id of the changed message: the external id its touchpoint was
 *     recorded under
 * @param kind edit or deletion
 * @param text the new text of an edit; empty for a deletion
 * @param occurredAt when the customer changed it, by the provider's clock
 */
public record MessageChange(String originalId, Kind kind, Optional<String> text, Instant occurredAt)
    implements InboundEvent {

  /** What changed. */
  public enum Kind {
    /** The customer changed the text. */
    EDIT,
    /** The customer deleted the message (unsent, revoked). */
    REVOKE
  }

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is null, the original id blank or longer than 256
   *     characters, an edit has no text, a deletion has one, text is not storable, or the time is out
   *     of range
   */
  public MessageChange {
    Checks.maxLength(Checks.notBlank(originalId, "originalId"), 256, "originalId");
    Checks.notNull(kind, "kind");
    Checks.notNull(text, "text");
    if (kind == Kind.EDIT && text.isEmpty()) {
      throw new IllegalArgumentException("text is required for an edit");
    }
    if (kind == Kind.REVOKE && text.isPresent()) {
      throw new IllegalArgumentException("text must be empty for a deletion");
    }
    text.ifPresent(t -> Checks.storable(t, "text"));
    occurredAt = Checks.micros(occurredAt, "occurredAt");
  }

  /**
   * An edit.
   *
   * @param originalId the provider's id of the edited message
   * @param text the new text
   * @param occurredAt when it was edited
   * @return the change
   * @throws IllegalArgumentException as the constructor
   */
  public static MessageChange edit(String originalId, String text, Instant occurredAt) {
    return new MessageChange(originalId, Kind.EDIT, Optional.of(Checks.notNull(text, "text")), occurredAt);
  }

  /**
   * A deletion.
   *
   * @param originalId the provider's id of the deleted message
   * @param occurredAt when it was deleted
   * @return the change
   * @throws IllegalArgumentException as the constructor
   */
  public static MessageChange revoke(String originalId, Instant occurredAt) {
    return new MessageChange(originalId, Kind.REVOKE, Optional.empty(), occurredAt);
  }
}
