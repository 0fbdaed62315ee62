package io.github.omnictx.core.identity;

import io.github.omnictx.core.OmniException;

/**
 * An identity was erased and a tombstone holds it back: it is not resolved, linked or given to a
 * new customer until the tombstone is lifted ({@code privacy().liftTombstone(...)}). The message
 * names the identity only in masked form. The webhook pipeline acknowledges such events and
 * records nothing.
 */
public class ErasedIdentityException extends OmniException {
  private static final long serialVersionUID = 1L;

  /**
   * @param masked the identity, masked ({@link Identity#masked()})
   */
  public ErasedIdentityException(String masked) {
    super("identity " + masked + " was erased; lift its tombstone before using it again");
  }
}
