package io.github.omnictx.core.channel;

/**
 * How a channel behaves, which decides how conversations on it are routed and measured: an agent
 * can hold several real-time chats but one call.
 */
public enum ChannelKind {
  /** Chat where the customer waits for the answer: web chat, app chat, messengers. */
  REAL_TIME_TEXT,
  /** Text answered in hours, not seconds: e-mail, forms. */
  ASYNC_TEXT,
  /** Telephone and voice calls. */
  VOICE,
  /** In person: the store, the till, the service desk. */
  IN_PERSON,
  /** One-way notifications: push, SMS alerts. */
  NOTIFICATION,
  /** Self-service digital activity with no conversation: page views, carts, app screens. */
  DIGITAL
}
