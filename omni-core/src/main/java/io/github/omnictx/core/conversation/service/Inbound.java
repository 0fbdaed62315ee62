package io.github.omnictx.core.conversation.service;

import io.github.omnictx.core.conversation.service.Conversations;
import io.github.omnictx.core.internal.Checks;
import io.github.omnictx.core.timeline.NewTouchpoint;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An inbound touchpoint to place in a conversation, with what is known about its subject: a topic
 * (e.g. an order number), priority, required language and skills. Passed to {@link
 * Conversations#receive(Inbound)}. Immutable; build with {@link #builder(NewTouchpoint)}.
 */
public final class Inbound {
  private final NewTouchpoint touchpoint;
  private final @Nullable String topic;
  private final @Nullable Integer priority;
  private final @Nullable String language;
  private final Set<String> skills;

  private Inbound(Builder b) {
    this.touchpoint = b.touchpoint;
    this.topic = b.topic;
    this.priority = b.priority;
    this.language = b.language;
    this.skills = Collections.unmodifiableSet(new TreeSet<>(b.skills));
  }

  /**
   * Starts a builder.
   *
   * @param touchpoint the touchpoint (its conversation must be unset: Omni chooses it)
   * @return a builder
   * @throws IllegalArgumentException if the touchpoint is null or names a conversation
   */
  public static Builder builder(NewTouchpoint touchpoint) {
    Checks.notNull(touchpoint, "touchpoint");
    if (touchpoint.conversationId().isPresent()) {
      throw new IllegalArgumentException("touchpoint conversation must be unset for receive (Omni chooses it), was: "
          + touchpoint.conversationId().get());
    }
    return new Builder(touchpoint);
  }

  /**
   * An inbound touchpoint with nothing else known.
   *
   * @param touchpoint the touchpoint
   * @return the inbound
   */
  public static Inbound of(NewTouchpoint touchpoint) {
    return builder(touchpoint).build();
  }

  /** @return the touchpoint */
  public NewTouchpoint touchpoint() {
    return touchpoint;
  }

  /** @return the topic, if known */
  public Optional<String> topic() {
    return Optional.ofNullable(topic);
  }

  /** @return the priority for a new conversation, if known */
  public Optional<Integer> priority() {
    return Optional.ofNullable(priority);
  }

  /** @return the language an agent must speak, if known */
  public Optional<String> language() {
    return Optional.ofNullable(language);
  }

  /** @return skills an agent needs for a new conversation */
  public Set<String> skills() {
    return skills;
  }

  /** Builds an {@link Inbound}. Not thread-safe. */
  public static final class Builder {
    private final NewTouchpoint touchpoint;
    private @Nullable String topic;
    private @Nullable Integer priority;
    private @Nullable String language;
    private final Set<String> skills = new TreeSet<>();

    private Builder(NewTouchpoint touchpoint) {
      this.touchpoint = touchpoint;
    }

    /**
     * @param topic the topic, 1-128 characters
     * @return this builder
     */
    public Builder topic(String topic) {
      this.topic = Checks.maxLength(Checks.notBlank(topic, "topic"), 128, "topic");
      return this;
    }

    /**
     * @param priority 0-9
     * @return this builder
     */
    public Builder priority(int priority) {
      if (priority < 0 || priority > 9) {
        throw new IllegalArgumentException("priority must be between 0 and 9, was: " + priority);
      }
      this.priority = priority;
      return this;
    }

    /**
     * @param language the language, 1-16 characters
     * @return this builder
     */
    public Builder language(String language) {
      this.language = Checks.maxLength(Checks.notBlank(language, "language"), 16, "language");
      return this;
    }

    /**
     * @param skill a skill the agent needs
     * @return this builder
     */
    public Builder skill(String skill) {
      skills.add(Checks.maxLength(Checks.notBlank(skill, "skill"), 64, "skill"));
      return this;
    }

    /** @return the inbound */
    public Inbound build() {
      return new Inbound(this);
    }
  }
}
