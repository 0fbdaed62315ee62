package io.github.omnictx.core.journey;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Duration;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One step of a {@link Journey}. Every step but the waits runs inside the unit of work that reached
 * it (the triggering touchpoint's, or the timer's), so a run's state, its sends and its next timer
 * commit together. Values are immutable; their functions run inside a unit of work and must not
 * block.
 */
public sealed interface JourneyStep {
  /** The longest wait, so a timer stays within the store's times. */
  Duration MAX_WAIT = Duration.ofDays(3660);

  /** @return a short name for logs and reasons */
  String describe();

  /**
   * Waits a fixed time, then goes on (after re-checking the exit guards).
   *
   * @param duration how long, positive, at most {@link #MAX_WAIT}
   */
  record Wait(Duration duration) implements JourneyStep {
    /**
     * @throws IllegalArgumentException if the duration is null, zero, negative or too long
     */
    public Wait {
      checkPositive(duration, "wait");
    }

    @Override
    public String describe() {
      return "wait " + duration;
    }
  }

  /**
   * Waits until a touchpoint of a type that matches happens, or the timeout passes. Events are
   * judged by when they happened ({@code occurredAt}), not when they were recorded: an answer
   * recorded late that happened before the timeout counts, one that happened after does not,
   * however late the timer fires. {@link RunContext#event()} holds the event (empty on timeout).
   *
   * @param type the touchpoint type
   * @param matches whether a touchpoint of that type is the one awaited
   * @param timeout how long to wait, positive, at most {@link #MAX_WAIT}
   */
  record WaitForEvent(TouchpointType type, BiPredicate<RunContext, Touchpoint> matches, Duration timeout)
      implements JourneyStep {
    /**
     * @throws IllegalArgumentException if a field is null or the timeout not positive
     */
    public WaitForEvent {
      Checks.notNull(type, "type");
      Checks.notNull(matches, "matches");
      checkPositive(timeout, "timeout");
    }

    @Override
    public String describe() {
      return "wait for " + type + " up to " + timeout;
    }
  }

  /**
   * Sends through {@code outbound()}: consent, quiet hours, caps and channel choice are decided
   * there. The dedup key is the run's id and the step's index, so a step never sends twice. A
   * suppressed send is logged in the run and the run goes on.
   *
   * @param purpose why the business writes
   * @param channels the channels it may go on (empty: every channel that fits)
   * @param text the text, from the run
   */
  record Send(Purpose purpose, List<ChannelId> channels, Function<RunContext, String> text) implements JourneyStep {
    /**
     * @throws IllegalArgumentException if a field is null
     */
    public Send {
      Checks.notNull(purpose, "purpose");
      channels = List.copyOf(Checks.notNull(channels, "channels"));
      Checks.notNull(text, "text");
    }

    @Override
    public String describe() {
      return "send " + purpose.name().toLowerCase(java.util.Locale.ROOT) + (channels.isEmpty() ? "" : " on " + channels);
    }
  }

  /**
   * Jumps to a label when a condition holds, else goes on.
   *
   * @param condition the condition
   * @param label the label to go to (declared with {@code Journey.Builder#label})
   */
  record Branch(Predicate<RunContext> condition, String label) implements JourneyStep {
    /**
     * @throws IllegalArgumentException if a field is null or blank
     */
    public Branch {
      Checks.notNull(condition, "condition");
      Checks.notBlank(label, "label");
    }

    @Override
    public String describe() {
      return "branch to " + label;
    }
  }

  /**
   * Ends the run, as completed.
   *
   * @param reason why, for the run's record
   */
  record End(String reason) implements JourneyStep {
    /**
     * @throws IllegalArgumentException if the reason is blank
     */
    public End {
      Checks.notBlank(reason, "reason");
    }

    @Override
    public String describe() {
      return "end: " + reason;
    }
  }

  /**
   * Opens a proactive conversation with the customer on a channel and hands it to the routing: to a
   * queue (the router assigns an agent from it), to an agent, or to a bot. A note with the reason is
   * recorded in it, so the agent sees why they are calling.
   *
   * @param channel the channel the conversation is on (a call centre channel for a call back)
   * @param routeTo where it goes, from the run (a store's queue from the visit, say)
   * @param priority its priority, 0-9 (as an inbound conversation's)
   * @param note what the agent is told
   */
  record OpenConversation(ChannelId channel, Function<RunContext, Participant> routeTo, int priority,
      Function<RunContext, String> note) implements JourneyStep {
    /**
     * @throws IllegalArgumentException if a field is null or the priority out of range
     */
    public OpenConversation {
      Checks.notNull(channel, "channel");
      Checks.notNull(routeTo, "routeTo");
      Checks.notNull(note, "note");
      if (priority < 0 || priority > 9) {
        throw new IllegalArgumentException("priority must be between 0 and 9, was: " + priority);
      }
    }

    @Override
    public String describe() {
      return "open a conversation on " + channel;
    }
  }

  /**
   * Awards loyalty points through the registered {@code Loyalty}, once per run and step, and
   * records a {@code loyalty_award} touchpoint.
   *
   * @param points how many, positive
   * @param reason why, for the ledger and the touchpoint
   */
  record AwardPoints(long points, String reason) implements JourneyStep {
    /**
     * @throws IllegalArgumentException if the points are not positive or the reason blank
     */
    public AwardPoints {
      if (points < 1) {
        throw new IllegalArgumentException("points must be positive, was: " + points);
      }
      Checks.notBlank(reason, "reason");
    }

    @Override
    public String describe() {
      return "award " + points + " points";
    }
  }

  /**
   * Reverses the points an earlier {@link AwardPoints} step of this run awarded (nothing when it
   * awarded none), and records a {@code loyalty_reversal} touchpoint.
   *
   * @param awardLabel the label of the award step
   * @param reason why
   */
  record ReversePoints(String awardLabel, String reason) implements JourneyStep {
    /**
     * @throws IllegalArgumentException if a field is blank
     */
    public ReversePoints {
      Checks.notBlank(awardLabel, "awardLabel");
      Checks.notBlank(reason, "reason");
    }

    @Override
    public String describe() {
      return "reverse the points of " + awardLabel;
    }
  }

  /**
   * Records a note about the customer on their timeline (a {@code journey_note} touchpoint).
   *
   * @param text the note, from the run
   */
  record Note(Function<RunContext, String> text) implements JourneyStep {
    /**
     * @throws IllegalArgumentException if the text is null
     */
    public Note {
      Checks.notNull(text, "text");
    }

    @Override
    public String describe() {
      return "note";
    }
  }

  private static void checkPositive(Duration d, String field) {
    Checks.notNull(d, field);
    if (d.isZero() || d.isNegative() || d.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(field + " must be positive and at most " + MAX_WAIT.toDays() + " days, was: " + d);
    }
  }
}
