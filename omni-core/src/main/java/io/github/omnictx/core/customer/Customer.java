package io.github.omnictx.core.customer;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ContactPreferences;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A person known to the business: the identities that point at them, profile attributes, consents
 * and contact preferences, and a version for optimistic locking.
 *
 * <p>A customer merged into another keeps existing as a redirect: {@link #mergedInto()} names the
 * survivor, and lookups by the old id land there. Immutable and thread-safe; change one through the
 * services, which return the new state.
 */
public final class Customer {
  /** The most attributes one customer may carry. */
  public static final int MAX_ATTRIBUTES = 200;

  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
  private static final Comparator<Identity> IDENTITY_ORDER =
      Comparator.comparing(Identity::kind).thenComparing(Identity::value);

  private final CustomerId id;
  private final Set<Identity> identities;
  private final Map<String, String> attributes;
  private final List<Consent> consents;
  private final ContactPreferences preferences;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final long version;
  private final @Nullable CustomerId mergedInto;

  private Customer(Builder b) {
    if (b.id == null) {
      throw new IllegalStateException("customer id is required");
    }
    if (b.createdAt == null) {
      throw new IllegalStateException("customer createdAt is required");
    }
    this.id = b.id;
    TreeSet<Identity> ids = new TreeSet<>(IDENTITY_ORDER);
    ids.addAll(b.identities);
    this.identities = java.util.Collections.unmodifiableSet(ids);
    this.attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(b.attributes));
    this.consents = List.copyOf(b.consents.values());
    this.preferences = b.preferences;
    this.createdAt = b.createdAt;
    this.updatedAt = b.updatedAt == null ? b.createdAt : b.updatedAt;
    if (updatedAt.isBefore(createdAt)) {
      throw new IllegalStateException("customer updatedAt " + updatedAt + " is before createdAt " + createdAt);
    }
    this.version = b.version;
    this.mergedInto = b.mergedInto;
    if (id.equals(mergedInto)) {
      throw new IllegalStateException("customer " + id + " cannot be merged into itself");
    }
  }

  /**
   * Starts a builder for a new customer.
   *
   * @param id the id
   * @param createdAt when the customer was first seen
   * @return a builder
   */
  public static Builder builder(CustomerId id, Instant createdAt) {
    return new Builder().id(id).createdAt(createdAt);
  }

  /**
   * A builder holding this customer's values, to derive a changed copy.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.identities.addAll(identities);
    b.attributes.putAll(attributes);
    consents.forEach(c -> b.consents.put(key(c.channel(), c.purpose()), c));
    b.preferences = preferences;
    b.createdAt = createdAt;
    b.updatedAt = updatedAt;
    b.version = version;
    b.mergedInto = mergedInto;
    return b;
  }

  /** @return the id */
  public CustomerId id() {
    return id;
  }

  /** @return the identities that point at this customer, ordered by kind then value */
  public Set<Identity> identities() {
    return identities;
  }

  /** @return profile attributes such as {@code name}, {@code segment}, ordered by key */
  public Map<String, String> attributes() {
    return attributes;
  }

  /**
   * One attribute.
   *
   * @param key the attribute key
   * @return the value, if set
   */
  public Optional<String> attribute(String key) {
    return Optional.ofNullable(attributes.get(key));
  }

  /** @return the consent answers, one per channel and purpose */
  public List<Consent> consents() {
    return consents;
  }

  /**
   * The consent answer for one channel and purpose.
   *
   * @param channel the channel
   * @param purpose the purpose
   * @return the answer, empty when the customer was never asked
   */
  public Optional<Consent> consent(ChannelId channel, Purpose purpose) {
    return consents.stream().filter(c -> c.channel().equals(channel) && c.purpose() == purpose).findFirst();
  }

  /** @return how the customer likes to be contacted */
  public ContactPreferences preferences() {
    return preferences;
  }

  /** @return when the customer was first seen */
  public Instant createdAt() {
    return createdAt;
  }

  /** @return when the customer last changed */
  public Instant updatedAt() {
    return updatedAt;
  }

  /** @return the version, incremented by every change; writes name the version they read */
  public long version() {
    return version;
  }

  /** @return the survivor this customer was merged into, empty while the customer is live */
  public Optional<CustomerId> mergedInto() {
    return Optional.ofNullable(mergedInto);
  }

  /** @return {@code true} when the customer has not been merged into another */
  public boolean isLive() {
    return mergedInto == null;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Customer)) {
      return false;
    }
    Customer c = (Customer) o;
    return version == c.version
        && id.equals(c.id)
        && identities.equals(c.identities)
        && attributes.equals(c.attributes)
        && consents.equals(c.consents)
        && preferences.equals(c.preferences)
        && createdAt.equals(c.createdAt)
        && updatedAt.equals(c.updatedAt)
        && Objects.equals(mergedInto, c.mergedInto);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version);
  }

  @Override
  public String toString() {
    return "Customer[" + id + " v" + version + (mergedInto == null ? "" : " merged into " + mergedInto)
        + ", " + identities + "]";
  }

  private static String key(ChannelId channel, Purpose purpose) {
    return channel.value() + "/" + purpose;
  }

  /** Builds a {@link Customer}. Not thread-safe. */
  public static final class Builder {
    private @Nullable CustomerId id;
    private final Set<Identity> identities = new TreeSet<>(IDENTITY_ORDER);
    private final Map<String, String> attributes = new TreeMap<>();
    private final Map<String, Consent> consents = new TreeMap<>();
    private ContactPreferences preferences = ContactPreferences.NONE;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    private long version;
    private @Nullable CustomerId mergedInto;

    private Builder() {}

    /**
     * @param id the id
     * @return this builder
     */
    public Builder id(CustomerId id) {
      this.id = Checks.notNull(id, "customer id");
      return this;
    }

    /**
     * @param identity an identity to add
     * @return this builder
     */
    public Builder identity(Identity identity) {
      identities.add(Checks.notNull(identity, "identity"));
      return this;
    }

    /**
     * @param all identities replacing the current ones
     * @return this builder
     */
    public Builder identities(Collection<Identity> all) {
      Checks.notNull(all, "identities").forEach(i -> Checks.notNull(i, "identity"));
      identities.clear();
      identities.addAll(all);
      return this;
    }

    /**
     * @param identity an identity to remove
     * @return this builder
     */
    public Builder removeIdentity(Identity identity) {
      identities.remove(identity);
      return this;
    }

    /**
     * Sets an attribute.
     *
     * @param key 1-64 characters of {@code A-Za-z0-9_.-}, starting with a letter
     * @param value at most 4096 characters
     * @return this builder
     * @throws IllegalArgumentException if the key or value is malformed, or too many attributes
     */
    public Builder attribute(String key, String value) {
      if (key == null || !ATTRIBUTE_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "attribute key must be 1-64 characters of A-Za-z0-9_.- starting with a letter, was: " + Checks.quote(key));
      }
      Checks.maxLength(Checks.notNull(value, "attribute " + key), 4096, "attribute " + key);
      if (!attributes.containsKey(key) && attributes.size() >= MAX_ATTRIBUTES) {
        throw new IllegalArgumentException("a customer has at most " + MAX_ATTRIBUTES + " attributes");
      }
      attributes.put(key, value);
      return this;
    }

    /**
     * @param all attributes to set, each validated as by {@link #attribute(String, String)}
     * @return this builder
     */
    public Builder attributes(Map<String, String> all) {
      Checks.notNull(all, "attributes").forEach(this::attribute);
      return this;
    }

    /**
     * @param key the attribute to remove
     * @return this builder
     */
    public Builder removeAttribute(String key) {
      attributes.remove(key);
      return this;
    }

    /**
     * Sets the answer for the consent's channel and purpose, replacing an earlier one.
     *
     * @param consent the answer
     * @return this builder
     */
    public Builder consent(Consent consent) {
      Checks.notNull(consent, "consent");
      consents.put(key(consent.channel(), consent.purpose()), consent);
      return this;
    }

    /**
     * @param all consents replacing the current ones
     * @return this builder
     */
    public Builder consents(Collection<Consent> all) {
      consents.clear();
      Checks.notNull(all, "consents").forEach(this::consent);
      return this;
    }

    /**
     * @param preferences contact preferences
     * @return this builder
     */
    public Builder preferences(ContactPreferences preferences) {
      this.preferences = Checks.notNull(preferences, "preferences");
      return this;
    }

    /**
     * @param at when the customer was first seen
     * @return this builder
     */
    public Builder createdAt(Instant at) {
      this.createdAt = Checks.micros(at, "createdAt");
      return this;
    }

    /**
     * @param at when the customer last changed
     * @return this builder
     */
    public Builder updatedAt(Instant at) {
      this.updatedAt = Checks.micros(at, "updatedAt");
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

    /**
     * @param survivor the customer this one was merged into, or {@code null} to mark it live
     * @return this builder
     */
    public Builder mergedInto(@org.jspecify.annotations.Nullable CustomerId survivor) {
      this.mergedInto = survivor;
      return this;
    }

    /**
     * @return the customer
     * @throws IllegalStateException if the id or creation time is missing
     */
    public Customer build() {
      return new Customer(this);
    }
  }
}
