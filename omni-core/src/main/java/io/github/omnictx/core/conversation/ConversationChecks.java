package io.github.omnictx.core.conversation;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The invariants and field checks of {@link Conversation} and its builder. */
final class ConversationChecks {
  private ConversationChecks() {}

  /** Throws unless the required fields are set, a channel was used, and a snoozed one has its time. */
  static void required(@Nullable ConversationId id, @Nullable CustomerId customerId, @Nullable Participant owner,
      @Nullable Instant openedAt, Set<ChannelId> channels, ConversationStatus status, @Nullable Instant snoozedUntil) {
    if (id == null || customerId == null || owner == null || openedAt == null) {
      throw new IllegalStateException("conversation id, customerId, owner and openedAt are required");
    }
    if (channels.isEmpty()) {
      throw new IllegalStateException("conversation " + id + " must have used at least one channel");
    }
    if (status == ConversationStatus.SNOOZED && snoozedUntil == null) {
      throw new IllegalStateException("snoozed conversation " + id + " needs snoozedUntil");
    }
  }

  /** The last channel: the one given, which must be one of the channels, else the first channel. */
  static ChannelId lastChannel(ConversationId id, Set<ChannelId> channels, @Nullable ChannelId last) {
    ChannelId out = last == null ? channels.iterator().next() : last;
    if (!channels.contains(out)) {
      throw new IllegalStateException("conversation " + id + " lastChannel " + out
          + " is not one of its channels " + channels);
    }
    return out;
  }

  /** Throws unless the last agent and the time it took the conversation are both set or both not. */
  static void together(ConversationId id, @Nullable AgentId lastAgent, @Nullable Instant lastAgentAt) {
    if ((lastAgent == null) != (lastAgentAt == null)) {
      throw new IllegalStateException("conversation " + id + " needs lastAgent and lastAgentAt together");
    }
  }

  /** An optional instant at microsecond precision. */
  static @Nullable Instant micros(@Nullable Instant at, String field) {
    return at == null ? null : Checks.micros(at, field);
  }

  /** Optional text: absent, or 1 to {@code max} characters and not blank. */
  static @Nullable String text(@Nullable String value, String field, int max) {
    if (value != null) {
      Checks.maxLength(Checks.notBlank(value, field), max, field);
    }
    return value;
  }
}
