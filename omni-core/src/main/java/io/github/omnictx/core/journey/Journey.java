package io.github.omnictx.core.journey;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.Touchpoint;
import io.github.omnictx.core.timeline.TouchpointType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A journey definition in plain Java: its name and version, what starts a run ({@link Trigger}),
 * what ends one early (exit guards), how runs re-enter ({@link Reentry}), and its steps. Register it
 * with {@code Omni.builder().journey(...)}; registration refuses unknown channels, trigger types
 * nothing records and journeys that would trigger each other without end.
 *
 * <pre>{@code
 * Journey cart = Journey.builder("abandoned_cart", 1)
 *     .trigger(Trigger.on(TouchpointType.CART_ABANDONED).correlateByPayload("cart"))
 *     .exitWhen(TouchpointType.PURCHASE, (run, purchase) -> purchase.payloadText("cart").equals(run.triggerText("cart")))
 *     .waitFor(Duration.ofMinutes(20))
 *     .send(Purpose.MARKETING, List.of(Channels.EMAIL.id()), run -> "Your cart is waiting")
 *     .build();
 * }</pre>
 *
 * <p><b>Versions.</b> Several versions of one journey may be registered; new runs start on the
 * highest, and a run keeps the version it started with (its steps are looked up by that version).
 * <b>Exit guards</b> are checked when a touchpoint is recorded (in its unit of work) and again in
 * the unit of work that fires a timer, before any step after the wait runs; a guard event counts
 * when it happened at or after the triggering touchpoint. Immutable and thread-safe when its
 * functions are.
 */
public final class Journey {
  /** The touchpoint type of a {@link JourneyStep.Note}. */
  public static final TouchpointType NOTE = TouchpointType.of("journey_note");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,47}");

  /**
   * An exit guard: a touchpoint of a type that, when it matches, ends the run as exited.
   *
   * @param type the touchpoint type
   * @param matches whether the touchpoint ends this run
   */
  public record ExitGuard(TouchpointType type, BiPredicate<RunContext, Touchpoint> matches) {
    /**
     * @throws IllegalArgumentException if a field is null
     */
    public ExitGuard {
      Checks.notNull(type, "type");
      Checks.notNull(matches, "matches");
    }
  }

  private final String name;
  private final int version;
  private final List<Trigger> triggers;
  private final List<ExitGuard> exitGuards;
  private final Reentry reentry;
  private final List<JourneyStep> steps;
  private final Map<String, Integer> labels;

  private Journey(Builder b) {
    this.name = b.name;
    this.version = b.version;
    this.triggers = List.copyOf(b.triggers);
    this.exitGuards = List.copyOf(b.exitGuards);
    this.reentry = b.reentry;
    this.steps = List.copyOf(b.steps);
    this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
  }

  /**
   * Validates a journey name.
   *
   * @param name 1-48 characters of {@code a-z0-9_.-}, starting with a letter
   * @return the name
   * @throws IllegalArgumentException if it is malformed
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("journey name must be 1-48 characters of a-z0-9_.- starting with a letter, was: "
          + Checks.quote(name));
    }
    return name;
  }

  /**
   * Starts a definition.
   *
   * @param name the journey's name, 1-48 characters of {@code a-z0-9_.-}
   * @param version its version, from 1
   * @return a builder
   * @throws IllegalArgumentException if the name is malformed or the version below 1
   */
  public static Builder builder(String name, int version) {
    checkName(name);
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was: " + version);
    }
    return new Builder(name, version);
  }

  /** @return the name */
  public String name() {
    return name;
  }

  /** @return the version */
  public int version() {
    return version;
  }

  /** @return what starts a run, at least one */
  public List<Trigger> triggers() {
    return triggers;
  }

  /** @return what ends a run early */
  public List<ExitGuard> exitGuards() {
    return exitGuards;
  }

  /** @return whether a correlation key gets another run */
  public Reentry reentry() {
    return reentry;
  }

  /** @return the steps, in order */
  public List<JourneyStep> steps() {
    return steps;
  }

  /**
   * @param label a label
   * @return the index of the step it names, if declared
   */
  public Optional<Integer> step(String label) {
    return Optional.ofNullable(labels.get(label));
  }

  /** @return the labels and the steps they name */
  public Map<String, Integer> labels() {
    return labels;
  }

  /** @return the channels its steps name */
  public List<ChannelId> channels() {
    List<ChannelId> out = new ArrayList<>();
    for (JourneyStep s : steps) {
      if (s instanceof JourneyStep.Send send) {
        out.addAll(send.channels());
      } else if (s instanceof JourneyStep.OpenConversation open) {
        out.add(open.channel());
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return name + " v" + version;
  }

  /** Builds a {@link Journey}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final int version;
    private final List<Trigger> triggers = new ArrayList<>();
    private final List<ExitGuard> exitGuards = new ArrayList<>();
    private Reentry reentry = Reentry.afterEnd();
    private final List<JourneyStep> steps = new ArrayList<>();
    private final Map<String, Integer> labels = new LinkedHashMap<>();

    private Builder(String name, int version) {
      this.name = name;
      this.version = version;
    }

    /**
     * Adds a trigger; a journey may have several (a bad rating, or an angry message).
     *
     * @param trigger what starts a run
     * @return this builder
     */
    public Builder trigger(Trigger trigger) {
      triggers.add(Checks.notNull(trigger, "trigger"));
      return this;
    }

    /**
     * Adds an exit guard.
     *
     * @param type the touchpoint type that may end a run
     * @param matches whether a touchpoint of it ends this run
     * @return this builder
     */
    public Builder exitWhen(TouchpointType type, BiPredicate<RunContext, Touchpoint> matches) {
      exitGuards.add(new ExitGuard(type, matches));
      return this;
    }

    /**
     * @param reentry whether a correlation key gets another run; defaults to {@link Reentry#afterEnd()}
     * @return this builder
     */
    public Builder reentry(Reentry reentry) {
      this.reentry = Checks.notNull(reentry, "reentry");
      return this;
    }

    /**
     * Names the next step, for {@link #branchTo} and {@link #reversePoints}.
     *
     * @param label 1-48 characters, unique in the journey
     * @return this builder
     * @throws IllegalArgumentException if the label is blank or taken
     */
    public Builder label(String label) {
      Checks.maxLength(Checks.notBlank(label, "label"), 48, "label");
      if (labels.putIfAbsent(label, steps.size()) != null) {
        throw new IllegalArgumentException("label must be unique in journey " + name + ", was declared twice: "
            + Checks.quote(label));
      }
      return this;
    }

    /**
     * Adds any step.
     *
     * @param step the step
     * @return this builder
     */
    public Builder step(JourneyStep step) {
      steps.add(Checks.notNull(step, "step"));
      return this;
    }

    /**
     * @param duration how long to wait, positive
     * @return this builder
     * @throws IllegalArgumentException if the duration is zero or negative
     */
    public Builder waitFor(Duration duration) {
      return step(new JourneyStep.Wait(duration));
    }

    /**
     * @param type the touchpoint type awaited
     * @param matches which one
     * @param timeout how long at most, positive
     * @return this builder
     * @throws IllegalArgumentException if the timeout is zero or negative
     */
    public Builder waitForEvent(TouchpointType type, BiPredicate<RunContext, Touchpoint> matches, Duration timeout) {
      return step(new JourneyStep.WaitForEvent(type, matches, timeout));
    }

    /**
     * @param purpose why the business writes
     * @param channels the channels it may go on (empty: every channel that fits)
     * @param text the text
     * @return this builder
     */
    public Builder send(Purpose purpose, List<ChannelId> channels, Function<RunContext, String> text) {
      return step(new JourneyStep.Send(purpose, channels, text));
    }

    /**
     * @param condition when to jump
     * @param label where to
     * @return this builder
     */
    public Builder branchTo(Predicate<RunContext> condition, String label) {
      return step(new JourneyStep.Branch(condition, label));
    }

    /**
     * @param reason why the run ends here
     * @return this builder
     */
    public Builder end(String reason) {
      return step(new JourneyStep.End(reason));
    }

    /**
     * @param channel the channel
     * @param routeTo the queue, agent or bot it is routed to
     * @param priority 0-9
     * @param note what the agent is told
     * @return this builder
     */
    public Builder openConversation(ChannelId channel, Function<RunContext, Participant> routeTo, int priority,
        Function<RunContext, String> note) {
      return step(new JourneyStep.OpenConversation(channel, routeTo, priority, note));
    }

    /**
     * @param points how many, positive
     * @param reason why
     * @return this builder
     */
    public Builder awardPoints(long points, String reason) {
      return step(new JourneyStep.AwardPoints(points, reason));
    }

    /**
     * @param awardLabel the label of the award step whose points are taken back
     * @param reason why
     * @return this builder
     */
    public Builder reversePoints(String awardLabel, String reason) {
      return step(new JourneyStep.ReversePoints(awardLabel, reason));
    }

    /**
     * @param text the note
     * @return this builder
     */
    public Builder note(Function<RunContext, String> text) {
      return step(new JourneyStep.Note(text));
    }

    /**
     * @return the journey
     * @throws IllegalStateException if it has no trigger or no step, a label names no step, a
     *     branch or reversal names a label not declared, or a reversal names a step that awards none
     */
    public Journey build() {
      if (triggers.isEmpty()) {
        throw new IllegalStateException("journey " + name + " needs a trigger");
      }
      if (steps.isEmpty()) {
        throw new IllegalStateException("journey " + name + " needs a step");
      }
      labels.forEach((label, index) -> {
        if (index >= steps.size()) {
          throw new IllegalStateException("journey " + name + ": label " + Checks.quote(label) + " names no step");
        }
      });
      for (int i = 0; i < steps.size(); i++) {
        JourneyStep s = steps.get(i);
        @Nullable String target = s instanceof JourneyStep.Branch br ? br.label()
            : s instanceof JourneyStep.ReversePoints rp ? rp.awardLabel() : null;
        if (target != null && !labels.containsKey(target)) {
          throw new IllegalStateException("journey " + name + " step " + i + " (" + s.describe() + ") names label "
              + Checks.quote(target) + ", which is not declared");
        }
        if (s instanceof JourneyStep.ReversePoints rp
            && !(steps.get(java.util.Objects.requireNonNull(labels.get(rp.awardLabel()), "declared, checked above"))
                instanceof JourneyStep.AwardPoints)) {
          throw new IllegalStateException("journey " + name + " step " + i + " reverses " + Checks.quote(rp.awardLabel())
              + ", which does not award points");
        }
      }
      return new Journey(this);
    }
  }
}
