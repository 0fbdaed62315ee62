package io.github.omnictx.core.conversation;

import io.github.omnictx.core.OmniException;

/**
 * A state change that the record's current state does not allow: resolving a closed conversation,
 * accepting a declined handoff, releasing a conversation no agent owns. Nothing was changed.
 */
public class InvalidTransitionException extends OmniException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String id;
  private final String from;
  private final String to;

  /**
   * Creates the exception.
   *
   * @param kind the kind of record, e.g. {@code "conversation"}
   * @param id the record's id
   * @param from the state it is in, e.g. {@code "CLOSED"}
   * @param to the state or action that was refused, e.g. {@code "RESOLVED"}
   */
  public InvalidTransitionException(String kind, String id, String from, String to) {
    this(kind, id, from, to, kind + " " + id + " cannot go from " + from + " to " + to);
  }

  /**
   * Creates the exception with a message of its own.
   *
   * @param kind the kind of record
   * @param id the record's id
   * @param from the state it is in
   * @param to the state or action that was refused
   * @param message the full message
   */
  protected InvalidTransitionException(String kind, String id, String from, String to, String message) {
    super(message);
    this.kind = kind;
    this.id = id;
    this.from = from;
    this.to = to;
  }

  /** @return the kind of record, e.g. {@code "conversation"} or {@code "handoff"} */
  public String kind() {
    return kind;
  }

  /** @return the record's id */
  public String id() {
    return id;
  }

  /** @return the state the record is in */
  public String from() {
    return from;
  }

  /** @return the state or action that was refused */
  public String to() {
    return to;
  }
}
