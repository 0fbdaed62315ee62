package io.github.omnictx.core.channel.spi;

import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.internal.Checks;
import java.util.List;
import java.util.Optional;

/**
 * One message to send through an adapter.
 *
 * @param recipient who to send to, by the identity kind the channel addresses people by
 * @param text the text, if any
 * @param attachments media to send (by URL), if any
 * @param template an approved template to send instead of free text (needed outside a service
 *     window), if any
 * @param idempotencyKey Omni's id for this message (the outbound touchpoint id), sent to providers
 *     that deduplicate on a client key
 */
public record OutboundMessage(Identity recipient, Optional<String> text, List<Attachment> attachments,
    Optional<Template> template, String idempotencyKey) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if a field is null, or there is neither text, attachment nor
   *     template
   */
  public OutboundMessage {
    Checks.notNull(recipient, "recipient");
    Checks.notNull(text, "text");
    attachments = List.copyOf(Checks.notNull(attachments, "attachments"));
    Checks.notNull(template, "template");
    Checks.notBlank(idempotencyKey, "idempotencyKey");
    if (text.isEmpty() && attachments.isEmpty() && template.isEmpty()) {
      throw new IllegalArgumentException("an outbound message needs text, an attachment or a template");
    }
  }

  /**
   * A text message.
   *
   * @param recipient who to send to
   * @param text the text
   * @param idempotencyKey Omni's id for the message
   * @return the message
   */
  public static OutboundMessage text(Identity recipient, String text, String idempotencyKey) {
    return new OutboundMessage(recipient, Optional.of(Checks.notBlank(text, "text")), List.of(), Optional.empty(),
        idempotencyKey);
  }

  /**
   * An approved template with positional parameters.
   *
   * @param name the template name as approved by the provider
   * @param language the template language, e.g. {@code "de"}
   * @param parameters the body parameters, in order
   */
  public record Template(String name, String language, List<String> parameters) {

    /**
     * Validates and copies the fields.
     *
     * @throws IllegalArgumentException if a field is blank or null
     */
    public Template {
      Checks.notBlank(name, "template name");
      Checks.notBlank(language, "template language");
      parameters = List.copyOf(Checks.notNull(parameters, "parameters"));
    }
  }
}
