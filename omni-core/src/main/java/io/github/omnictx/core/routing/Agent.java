package io.github.omnictx.core.routing;

import io.github.omnictx.core.channel.ChannelKind;
import io.github.omnictx.core.conversation.AgentId;
import io.github.omnictx.core.conversation.Participant;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A person who handles conversations: skills, languages, presence, and how many conversations of
 * each channel kind they hold at once (defaults: four real-time chats, one call, ten e-mails; none
 * of the other kinds). Their load is the number of active conversations they own, counted by the
 * kind of each conversation's last channel.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder(AgentId)}.
 */
public final class Agent {
  /** The default capacity per channel kind. */
  public static final Map<ChannelKind, Integer> DEFAULT_CAPACITY = Collections.unmodifiableMap(new EnumMap<>(Map.of(
      ChannelKind.REAL_TIME_TEXT, 4, ChannelKind.VOICE, 1, ChannelKind.ASYNC_TEXT, 10)));

  private final AgentId id;
  private final String displayName;
  private final Set<String> skills;
  private final Set<String> languages;
  private final Presence presence;
  private final Map<ChannelKind, Integer> capacity;
  private final @Nullable Instant lastAssignedAt;
  private final long version;

  private Agent(Builder b) {
    this.id = b.id;
    this.displayName = b.displayName == null ? b.id.value() : b.displayName;
    this.skills = Collections.unmodifiableSet(new TreeSet<>(b.skills));
    this.languages = Collections.unmodifiableSet(new TreeSet<>(b.languages));
    this.presence = b.presence;
    EnumMap<ChannelKind, Integer> cap = new EnumMap<>(ChannelKind.class);
    for (ChannelKind k : ChannelKind.values()) {
      cap.put(k, b.capacity.getOrDefault(k, 0));
    }
    this.capacity = Collections.unmodifiableMap(cap);
    this.lastAssignedAt = b.lastAssignedAt;
    this.version = b.version;
  }

  /**
   * Starts a builder: offline, default capacity, no skills or languages.
   *
   * @param id the agent id
   * @return a builder
   * @throws IllegalArgumentException if the id is null
   */
  public static Builder builder(AgentId id) {
    return new Builder(Checks.notNull(id, "agentId"));
  }

  /** @return a builder holding this agent's values */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.displayName = displayName;
    b.skills.addAll(skills);
    b.languages.addAll(languages);
    b.presence = presence;
    b.capacity.clear();
    b.capacity.putAll(capacity);
    b.lastAssignedAt = lastAssignedAt;
    b.version = version;
    return b;
  }

  /** @return the id */
  public AgentId id() {
    return id;
  }

  /** @return the agent as a conversation participant */
  public Participant participant() {
    return Participant.agent(id);
  }

  /** @return the name shown to colleagues */
  public String displayName() {
    return displayName;
  }

  /** @return the skills, sorted */
  public Set<String> skills() {
    return skills;
  }

  /** @return the languages spoken (e.g. {@code de}, {@code en}), sorted */
  public Set<String> languages() {
    return languages;
  }

  /** @return the presence */
  public Presence presence() {
    return presence;
  }

  /** @return the capacity for every channel kind */
  public Map<ChannelKind, Integer> capacity() {
    return capacity;
  }

  /**
   * @param kind a channel kind
   * @return how many active conversations of that kind the agent holds at most
   */
  public int capacity(ChannelKind kind) {
    return capacity.getOrDefault(kind, 0);
  }

  /** @return when a conversation was last assigned to the agent (round robin uses it), if ever */
  public Optional<Instant> lastAssignedAt() {
    return Optional.ofNullable(lastAssignedAt);
  }

  /** @return the version, incremented by every change (every assignment changes the agent) */
  public long version() {
    return version;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Agent)) {
      return false;
    }
    Agent a = (Agent) o;
    return version == a.version && id.equals(a.id) && displayName.equals(a.displayName) && skills.equals(a.skills)
        && languages.equals(a.languages) && presence == a.presence && capacity.equals(a.capacity)
        && Objects.equals(lastAssignedAt, a.lastAssignedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version);
  }

  @Override
  public String toString() {
    return "Agent[" + id + " " + presence + " v" + version + "]";
  }

  /** Builds an {@link Agent}. Not thread-safe. */
  public static final class Builder {
    private final AgentId id;
    private @Nullable String displayName;
    private final Set<String> skills = new TreeSet<>();
    private final Set<String> languages = new TreeSet<>();
    private Presence presence = Presence.OFFLINE;
    private final Map<ChannelKind, Integer> capacity = new EnumMap<>(DEFAULT_CAPACITY);
    private @Nullable Instant lastAssignedAt;
    private long version;

    private Builder(AgentId id) {
      this.id = id;
    }

    /**
     * @param name the name shown to colleagues, 1-128 characters
     * @return this builder
     */
    public Builder displayName(String name) {
      this.displayName = Checks.maxLength(Checks.notBlank(name, "displayName"), 128, "displayName");
      return this;
    }

    /**
     * @param skill a skill, 1-64 characters
     * @return this builder
     */
    public Builder skill(String skill) {
      skills.add(Checks.maxLength(Checks.notBlank(skill, "skill"), 64, "skill"));
      return this;
    }

    /**
     * @param skills the skills, replacing those set before
     * @return this builder
     */
    public Builder skills(java.util.Collection<String> skills) {
      this.skills.clear();
      Checks.notNull(skills, "skills").forEach(this::skill);
      return this;
    }

    /**
     * @param language a language, 1-16 characters
     * @return this builder
     */
    public Builder language(String language) {
      languages.add(Checks.maxLength(Checks.notBlank(language, "language"), 16, "language"));
      return this;
    }

    /**
     * @param languages the languages, replacing those set before
     * @return this builder
     */
    public Builder languages(java.util.Collection<String> languages) {
      this.languages.clear();
      Checks.notNull(languages, "languages").forEach(this::language);
      return this;
    }

    /**
     * @param presence the presence
     * @return this builder
     */
    public Builder presence(Presence presence) {
      this.presence = Checks.notNull(presence, "presence");
      return this;
    }

    /**
     * @param kind a channel kind
     * @param max how many active conversations of that kind the agent holds at most, 0-1000
     * @return this builder
     */
    public Builder capacity(ChannelKind kind, int max) {
      Checks.notNull(kind, "kind");
      if (max < 0 || max > 1000) {
        throw new IllegalArgumentException("capacity for " + kind + " must be between 0 and 1000, was: " + max);
      }
      capacity.put(kind, max);
      return this;
    }

    /**
     * @param at when a conversation was last assigned, or {@code null}
     * @return this builder
     */
    public Builder lastAssignedAt(@Nullable Instant at) {
      this.lastAssignedAt = at == null ? null : Checks.micros(at, "lastAssignedAt");
      return this;
    }

    /**
     * @param version the version, {@code >= 0}
     * @return this builder
     */
    public Builder version(long version) {
      if (version < 0) {
        throw new IllegalArgumentException("version must be >= 0, was: " + version);
      }
      this.version = version;
      return this;
    }

    /** @return the agent */
    public Agent build() {
      return new Agent(this);
    }
  }
}
