package io.github.omnictx.core.consent;

/** Why the business contacts a customer; consent is given per channel and purpose. */
public enum Purpose {
  /** Answers within a conversation the customer started. */
  SERVICE,
  /** Order confirmations, delivery updates, receipts. */
  TRANSACTIONAL,
  /** Offers, newsletters, promotions. */
  MARKETING
}
