package io.github.omnictx.core;

/**
 * A record that an operation needs does not exist in the tenant (unknown customer, conversation,
 * touchpoint…). Nothing was changed.
 */
public class NotFoundException extends OmniException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String id;

  /**
   * Creates the exception.
   *
   * @param kind what was looked up, e.g. {@code "customer"}
   * @param id the id or key that was not found
   */
  public NotFoundException(String kind, String id) {
    super(kind + " not found: " + id);
    this.kind = kind;
    this.id = id;
  }

  /**
   * What kind of record was missing.
   *
   * @return e.g. {@code "customer"}
   */
  public String kind() {
    return kind;
  }

  /**
   * The id or key that was looked up.
   *
   * @return the id as text
   */
  public String id() {
    return id;
  }
}
