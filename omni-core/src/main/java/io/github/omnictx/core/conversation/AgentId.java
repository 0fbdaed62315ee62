package io.github.omnictx.core.conversation;

import io.github.omnictx.core.internal.Checks;

/**
 * The id of an agent: chosen by the application (a staff number, a login), 1-64 characters of
 * {@code A-Za-z0-9._@-}, case-sensitive.
 *
 * <p>It lives beside {@link Participant} because conversations are where agents first appear (an
 * agent owns a conversation, {@link Conversation#lastAgent()} remembers one); routing, handoffs,
 * events and the storage SPI, which all sit above conversations, name it from here.
 *
 * <p>Ids order by their text (Java {@code String} order; the characters are ASCII).
 *
 * @param value the id
 */
public record AgentId(String value) implements Comparable<AgentId> {

  /**
   * Validates the value.
   *
   * @throws IllegalArgumentException if the value is null or malformed
   */
  public AgentId {
    if (value == null || !Participant.VALID_ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "agentId must be 1-64 characters of A-Za-z0-9._@-, was: " + Checks.quote(value));
    }
  }

  /**
   * Wraps an id.
   *
   * @param value e.g. {@code "petra"}
   * @return the id
   * @throws IllegalArgumentException if the value is malformed
   */
  public static AgentId of(String value) {
    return new AgentId(value);
  }

  @Override
  public int compareTo(AgentId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
