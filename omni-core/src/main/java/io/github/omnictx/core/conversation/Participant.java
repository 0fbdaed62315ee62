package io.github.omnictx.core.conversation;

import io.github.omnictx.core.internal.Checks;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who owns a conversation: a bot, a queue waiting for an agent, or an agent.
 *
 * <p>The id stays text for every kind: bots and queues are names the application configures, with
 * no entity or repository behind them, and the {@code kind:id} form is what stores keep. An agent
 * participant is made from its typed {@link AgentId} ({@link #agent(AgentId)}) and gives it back
 * with {@link #agentId()}.
 *
 * @param kind what the participant is
 * @param id the bot, queue or agent id, 1-64 characters of {@code A-Za-z0-9._@-}
 */
public record Participant(Kind kind, String id) {
  /** What every participant id, and so every {@link AgentId}, must match. */
  static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  /** What a participant is. */
  public enum Kind {
    /** An automated assistant. */
    BOT,
    /** A queue: nobody yet, waiting to be routed. */
    QUEUE,
    /** A person. */
    AGENT
  }

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the kind is null or the id is malformed
   */
  public Participant {
    Checks.notNull(kind, "participant kind");
    if (id == null || !VALID_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "participant id must be 1-64 characters of A-Za-z0-9._@-, was: " + Checks.quote(id));
    }
  }

  /**
   * @param id the bot id
   * @return a bot participant
   */
  public static Participant bot(String id) {
    return new Participant(Kind.BOT, id);
  }

  /**
   * @param id the queue id
   * @return a queue participant
   */
  public static Participant queue(String id) {
    return new Participant(Kind.QUEUE, id);
  }

  /**
   * @param id the agent id
   * @return an agent participant
   */
  public static Participant agent(AgentId id) {
    return new Participant(Kind.AGENT, Checks.notNull(id, "agentId").value());
  }

  /** @return the agent's id when this participant is an agent, otherwise empty */
  public Optional<AgentId> agentId() {
    return kind == Kind.AGENT ? Optional.of(new AgentId(id)) : Optional.empty();
  }

  /**
   * Parses the {@link #toString()} form {@code kind:id}.
   *
   * @param text e.g. {@code "agent:anna"}
   * @return the participant
   * @throws IllegalArgumentException if malformed
   */
  public static Participant parse(String text) {
    Checks.notNull(text, "participant");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("participant must be kind:id, was: " + Checks.quote(text));
    }
    Kind kind;
    try {
      kind = Kind.valueOf(text.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("participant kind must be bot, queue or agent, was: " + Checks.quote(text), e);
    }
    return new Participant(kind, text.substring(colon + 1));
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
  }
}
