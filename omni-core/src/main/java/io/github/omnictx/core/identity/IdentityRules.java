package io.github.omnictx.core.identity;

import io.github.omnictx.core.internal.Checks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tenant's rules for which identities may link customers, configured on {@code
 * Omni.builder().identityRules(...)} (a default plus per-tenant overrides).
 *
 * <ul>
 *   <li><b>Blocked identities</b> never link anyone: exact identities ({@link Builder#block}, e.g.
 *       {@code test@example.com} or a store's shared tablet) and values blocked whatever their kind
 *       ({@link Builder#blockValue}, compared ignoring case, e.g. {@code null}, {@code anonymous},
 *       {@code 0000000000}).
 *   <li><b>Limits per kind</b>: at most so many identities of one kind per customer (e.g. one
 *       {@link IdentityKind#EXTERNAL} CRM id, five e-mails). Resolution never makes a customer break
 *       a limit; a customer that already breaks one (created before the rule, or through {@code
 *       Customers}) may not grow further in that kind.
 *   <li><b>Priority</b>: the order in which identities count when a limit forces one to yield: by
 *       kind ({@link #priority()}), then by value (lexicographic). Higher-ranked identities win.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class IdentityRules {
  /** The kind order used when a builder sets none: strong, personal identities first. */
  public static final List<IdentityKind> DEFAULT_PRIORITY = List.of(IdentityKind.EXTERNAL, IdentityKind.LOYALTY_CARD,
      IdentityKind.EMAIL, IdentityKind.PHONE, IdentityKind.WHATSAPP, IdentityKind.TELEGRAM, IdentityKind.VIBER,
      IdentityKind.MESSENGER, IdentityKind.INSTAGRAM, IdentityKind.VK, IdentityKind.DEVICE);

  private static final IdentityRules NONE = new Builder().build();
  private static final IdentityRules DEFAULTS = new Builder()
      .blockValue("null").blockValue("nil").blockValue("none").blockValue("undefined").blockValue("unknown")
      .blockValue("anonymous").blockValue("n/a").blockValue("test").blockValue("0").blockValue("0000000000")
      .block(Identity.email("test@example.com")).block(Identity.email("noreply@example.com"))
      .block(Identity.email("no-reply@example.com")).block(Identity.email("noemail@example.com"))
      .limit(IdentityKind.EXTERNAL, 1).limit(IdentityKind.EMAIL, 5).limit(IdentityKind.PHONE, 5)
      .build();

  private final Set<Identity> blocked;
  private final Set<String> blockedValues;
  private final Map<IdentityKind, Integer> limits;
  private final List<IdentityKind> priority;
  private final Comparator<Identity> rank;

  private IdentityRules(Builder b) {
    this.blocked = Collections.unmodifiableSet(new LinkedHashSet<>(b.blocked));
    this.blockedValues = Collections.unmodifiableSet(new TreeSet<>(b.blockedValues));
    this.limits = Collections.unmodifiableMap(new EnumMap<>(b.limits));
    List<IdentityKind> order = new ArrayList<>(b.priority.isEmpty() ? DEFAULT_PRIORITY : b.priority);
    for (IdentityKind k : IdentityKind.values()) {
      if (!order.contains(k)) {
        order.add(k);
      }
    }
    this.priority = List.copyOf(order);
    this.rank = Comparator.<Identity>comparingInt(i -> priority.indexOf(i.kind())).thenComparing(Identity::value);
  }

  /**
   * The rules used when none are configured: common placeholder values blocked ({@code null},
   * {@code nil}, {@code none}, {@code undefined}, {@code unknown}, {@code anonymous}, {@code n/a},
   * {@code test}, {@code 0}, {@code 0000000000}, and the e-mails {@code test@example.com}, {@code
   * noreply@example.com}, {@code no-reply@example.com}, {@code noemail@example.com}); at most one
   * {@link IdentityKind#EXTERNAL} id, five e-mails and five phone numbers per customer; the {@link
   * #DEFAULT_PRIORITY}.
   *
   * @return the default rules
   */
  public static IdentityRules defaults() {
    return DEFAULTS;
  }

  /**
   * No rule at all: nothing blocked, no limits, the default priority.
   *
   * @return permissive rules
   */
  public static IdentityRules none() {
    return NONE;
  }

  /**
   * Starts empty rules (nothing blocked, no limits, default priority).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these rules, to derive changed ones (e.g. {@code
   * IdentityRules.defaults().toBuilder().block(Identity.of(DEVICE, "store-tablet-7")).build()}).
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.blocked.addAll(blocked);
    b.blockedValues.addAll(blockedValues);
    b.limits.putAll(limits);
    b.priority.addAll(priority);
    return b;
  }

  /**
   * Whether an identity is blocked from linking customers.
   *
   * @param identity the identity
   * @return {@code true} if it is blocked exactly or by its value
   */
  public boolean isBlocked(Identity identity) {
    return blocked.contains(identity) || blockedValues.contains(identity.value().toLowerCase(Locale.ROOT));
  }

  /**
   * The most identities of a kind one customer may hold.
   *
   * @param kind the kind
   * @return the limit, empty when unlimited
   */
  public OptionalInt limit(IdentityKind kind) {
    Integer l = limits.get(kind);
    return l == null ? OptionalInt.empty() : OptionalInt.of(l);
  }

  /** @return the limits per kind */
  public Map<IdentityKind, Integer> limits() {
    return limits;
  }

  /** @return the identities blocked exactly */
  public Set<Identity> blockedIdentities() {
    return blocked;
  }

  /** @return the values blocked whatever their kind, lower-cased */
  public Set<String> blockedValues() {
    return blockedValues;
  }

  /** @return every kind, highest priority first */
  public List<IdentityKind> priority() {
    return priority;
  }

  /**
   * The rank of identities: by kind {@link #priority()}, then by value. The first ranks highest.
   *
   * @return the comparator
   */
  public Comparator<Identity> rank() {
    return rank;
  }

  /**
   * Whether adding identities to a set keeps it within the limits: for every kind, the result holds
   * at most the limit, or no more than the set already held.
   *
   * @param held the identities a customer (or a group about to merge) holds
   * @param added the identities to add
   * @return {@code true} if no limit would be broken further
   */
  public boolean fits(Collection<Identity> held, Collection<Identity> added) {
    for (Map.Entry<IdentityKind, Integer> e : limits.entrySet()) {
      IdentityKind k = e.getKey();
      long before = held.stream().filter(i -> i.kind() == k).count();
      long after = before + added.stream().filter(i -> i.kind() == k && !held.contains(i)).distinct().count();
      if (after > e.getValue() && after > before) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityRules r && blocked.equals(r.blocked) && blockedValues.equals(r.blockedValues)
        && limits.equals(r.limits) && priority.equals(r.priority);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(blocked, blockedValues, limits, priority);
  }

  @Override
  public String toString() {
    return "IdentityRules[blocked=" + blocked + ", blockedValues=" + blockedValues + ", limits=" + limits
        + ", priority=" + priority + "]";
  }

  /** Builds {@link IdentityRules}. Not thread-safe. */
  public static final class Builder {
    private final Set<Identity> blocked = new LinkedHashSet<>();
    private final Set<String> blockedValues = new TreeSet<>();
    private final Map<IdentityKind, Integer> limits = new EnumMap<>(IdentityKind.class);
    private final List<IdentityKind> priority = new ArrayList<>();

    private Builder() {}

    /**
     * Blocks one identity, e.g. a QA account's e-mail or a store's shared device id.
     *
     * @param identity the identity
     * @return this builder
     */
    public Builder block(Identity identity) {
      blocked.add(Checks.notNull(identity, "identity"));
      return this;
    }

    /**
     * Blocks a value whatever the identity kind, compared ignoring case with the normalised value.
     *
     * @param value e.g. {@code "anonymous"}
     * @return this builder
     * @throws IllegalArgumentException if the value is blank
     */
    public Builder blockValue(String value) {
      blockedValues.add(Checks.notBlank(value, "blocked value").strip().toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Sets the most identities of a kind one customer may hold.
     *
     * @param kind the kind
     * @param max at least 1
     * @return this builder
     * @throws IllegalArgumentException if max is below 1
     */
    public Builder limit(IdentityKind kind, int max) {
      Checks.notNull(kind, "kind");
      if (max < 1) {
        throw new IllegalArgumentException("limit for " + kind + " must be at least 1, was: " + max);
      }
      limits.put(kind, max);
      return this;
    }

    /**
     * Removes the limit of a kind.
     *
     * @param kind the kind
     * @return this builder
     */
    public Builder unlimited(IdentityKind kind) {
      limits.remove(Checks.notNull(kind, "kind"));
      return this;
    }

    /**
     * Sets the kind priority, highest first. Kinds left out follow in the order {@link IdentityKind}
     * declares them. Without this call the {@link #DEFAULT_PRIORITY} applies.
     *
     * @param kinds kinds, highest priority first, no repeats
     * @return this builder
     * @throws IllegalArgumentException if a kind repeats or is null
     */
    public Builder priority(IdentityKind... kinds) {
      Checks.notNull(kinds, "kinds");
      List<IdentityKind> list = new ArrayList<>();
      for (IdentityKind k : kinds) {
        Checks.notNull(k, "kind");
        if (list.contains(k)) {
          throw new IllegalArgumentException("priority must not repeat a kind, was: " + List.of(kinds));
        }
        list.add(k);
      }
      priority.clear();
      priority.addAll(list);
      return this;
    }

    /** @return the rules */
    public IdentityRules build() {
      return new IdentityRules(this);
    }
  }
}
