package io.github.omnictx.channels.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.omnictx.core.timeline.Touchpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mail a reply answers, as much of it as threading needs: its {@code Message-ID}, its {@code
 * References} and its subject. A reply carries {@code In-Reply-To: <messageId>} and {@code
 * References:} the original's references followed by its id (RFC 5322 section 3.6.4), and the
 * subject with {@code Re:}, so it lands in the customer's thread. Immutable and thread-safe.
 *
 * @param messageId the answered mail's {@code Message-ID}, without angle brackets
 * @param references its {@code References}, oldest first, without angle brackets
 * @param subject its subject (may be empty)
 */
public record MailThread(String messageId, List<String> references, String subject) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if an id is blank or holds angle brackets or white space, or a
   *     field is null
   */
  public MailThread {
    check(messageId, "messageId");
    references = List.copyOf(references);
    references.forEach(r -> check(r, "references"));
    if (subject == null || subject.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("subject must be one line of text, was: " + subject);
    }
  }

  private static void check(String id, String field) {
    if (id == null || !id.matches("[^<>\\s]{1,250}")) {
      throw new IllegalArgumentException(field + " must be a message id without angle brackets, was: " + id);
    }
  }

  /**
   * The thread of a mail this adapter recorded, from its touchpoint.
   *
   * @param touchpoint a touchpoint recorded from an incoming mail
   * @return the thread, empty if the touchpoint holds no mail (another channel, or a deleted one)
   */
  public static Optional<MailThread> of(Touchpoint touchpoint) {
    JsonNode mail = touchpoint.payload().path("provider");
    if (!mail.path("messageId").isTextual()) {
      return Optional.empty();
    }
    List<String> refs = new ArrayList<>();
    mail.path("references").forEach(r -> refs.add(r.asText()));
    try {
      return Optional.of(new MailThread(mail.path("messageId").asText(), refs, mail.path("subject").asText("")));
    } catch (IllegalArgumentException notAMail) {
      return Optional.empty();
    }
  }

  /** @return the {@code References} of the reply: ours, then this mail's id */
  List<String> replyReferences() {
    List<String> out = new ArrayList<>(references);
    out.add(messageId);
    return out;
  }

  /** @return the subject of the reply */
  String replySubject(String fallback) {
    if (subject.isBlank()) {
      return fallback;
    }
    return subject.regionMatches(true, 0, "Re:", 0, 3) ? subject : "Re: " + subject;
  }
}
