package io.github.omnictx.core.consent;

/**
 * A customer's answer for one channel and purpose. When customers are merged the most restrictive
 * answer wins: {@link #REVOKED} over {@link #DENIED} over {@link #GRANTED}.
 */
public enum ConsentStatus {
  /** The customer agreed. */
  GRANTED,
  /** The customer said no when asked. */
  DENIED,
  /** The customer withdrew an earlier agreement. */
  REVOKED;

  /**
   * Whether this answer allows contact.
   *
   * @return {@code true} only for {@link #GRANTED}
   */
  public boolean allows() {
    return this == GRANTED;
  }

  /**
   * The more restrictive of two answers.
   *
   * @param other the other answer
   * @return the answer that allows less
   */
  public ConsentStatus mostRestrictive(ConsentStatus other) {
    return ordinal() >= other.ordinal() ? this : other;
  }
}
