package io.github.omnictx.core.webhook;

import io.github.omnictx.core.OmniException;

/**
 * A webhook's signature (or shared secret, or replay window) did not check out. Nothing was
 * recorded; the webhook pipeline answers 401 (missing) or 403 (wrong).
 */
public class SignatureException extends OmniException {
  private static final long serialVersionUID = 1L;

  private final boolean missing;

  /**
   * Creates the exception.
   *
   * @param message what did not match (never the secret or the expected signature)
   * @param missing {@code true} when no signature was sent at all
   */
  public SignatureException(String message, boolean missing) {
    super(message);
    this.missing = missing;
  }

  /** @return {@code true} when the request carried no signature at all (401), else a wrong one (403) */
  public boolean missing() {
    return missing;
  }
}
