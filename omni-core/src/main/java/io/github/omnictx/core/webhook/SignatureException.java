package io.github.omnictx.core.webhook;

import io.github.omnictx.core.OmniException;

/**
 * A webhook's signature (or shared secret, or replay window) did not check out. Nothing was
 * recorded; the webhook pipeline answers 401 (missing) or 403 (wrong) with the message as the
 * response body and logs it at INFO with the adapter id. The message is therefore the reason the
 * caller can act on ("timestamp outside the replay window of 5 minutes", "verify token does not
 * match") and must never carry a secret, the expected or the given signature, or anything from
 * the body.
 */
public class SignatureException extends OmniException {
  private static final long serialVersionUID = 1L;

  private final boolean missing;

  /**
   * Creates the exception.
   *
   * @param message what did not match, for the caller to read (never a secret, a signature or
   *     personal data)
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
