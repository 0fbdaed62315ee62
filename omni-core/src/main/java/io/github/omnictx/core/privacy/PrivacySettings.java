package io.github.omnictx.core.privacy;

import io.github.omnictx.core.TenantId;
import io.github.omnictx.core.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What privacy needs from the application: the secret tombstones are keyed with (one for every
 * tenant, from which each tenant's key is derived, or one per tenant) and the retention rules.
 * Without a secret there is no privacy: {@link Builder#build()} refuses, and {@code Omni.tenant(..)}
 * refuses a tenant that has none. The secret never leaves this object; {@link #toString()} does not
 * show it. Immutable and thread-safe.
 */
public final class PrivacySettings {
  /** The shortest secret accepted, in bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  private final byte @org.jspecify.annotations.Nullable [] secret;
  private final Map<TenantId, byte[]> tenantSecrets;
  private final List<RetentionRule> retention;

  private PrivacySettings(Builder b) {
    this.secret = b.secret == null ? null : b.secret.clone();
    Map<TenantId, byte[]> copy = new LinkedHashMap<>();
    b.tenantSecrets.forEach((t, s) -> copy.put(t, s.clone()));
    this.tenantSecrets = copy;
    this.retention = List.copyOf(b.retention);
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The key a tenant's tombstones are made with: its own secret, else one derived from the shared
   * secret and the tenant id (HMAC-SHA256).
   *
   * @param tenant the tenant
   * @return the key, empty if the tenant has no secret
   */
  public Optional<byte[]> tombstoneKey(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    byte[] own = tenantSecrets.get(tenant);
    if (own != null) {
      return Optional.of(own.clone());
    }
    if (secret == null) {
      return Optional.empty();
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return Optional.of(mac.doFinal(("omni.tombstones\n" + tenant.value()).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** @return the retention rules, in the order added */
  public List<RetentionRule> retention() {
    return retention;
  }

  @Override
  public String toString() {
    return "PrivacySettings[secret=" + (secret == null ? "none" : "set") + ", tenantSecrets=" + tenantSecrets.keySet()
        + ", retention=" + retention + "]";
  }

  /** Builds {@link PrivacySettings}. Not thread-safe. */
  public static final class Builder {
    private byte @org.jspecify.annotations.Nullable [] secret;
    private final Map<TenantId, byte[]> tenantSecrets = new LinkedHashMap<>();
    private final List<RetentionRule> retention = new ArrayList<>();

    private Builder() {}

    /**
     * @param secret the secret every tenant's tombstone key is derived from, at least {@value
     *     #MIN_SECRET_BYTES} bytes; keep it as long as tombstones must hold (rotating it lifts them)
     * @return this builder
     * @throws IllegalArgumentException if it is missing or too short
     */
    public Builder tombstoneSecret(byte[] secret) {
      this.secret = checked(secret, "tombstoneSecret");
      return this;
    }

    /**
     * @param tenant a tenant
     * @param secret that tenant's own secret, at least {@value #MIN_SECRET_BYTES} bytes
     * @return this builder
     * @throws IllegalArgumentException if a value is missing or the secret too short
     */
    public Builder tombstoneSecret(TenantId tenant, byte[] secret) {
      tenantSecrets.put(Checks.notNull(tenant, "tenant"), checked(secret, "tombstoneSecret"));
      return this;
    }

    /**
     * @param rule how long one channel's bodies of one touchpoint type are kept; a later rule for the
     *     same channel and type replaces the earlier one
     * @return this builder
     */
    public Builder retention(RetentionRule rule) {
      Checks.notNull(rule, "rule");
      retention.removeIf(r -> r.channel().equals(rule.channel()) && r.type().equals(rule.type()));
      retention.add(rule);
      return this;
    }

    private static byte[] checked(byte[] secret, String field) {
      Checks.notNull(secret, field);
      if (secret.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException(field + " must be at least " + MIN_SECRET_BYTES + " bytes, was: "
            + secret.length + " bytes");
      }
      return Arrays.copyOf(secret, secret.length);
    }

    /**
     * @return the settings
     * @throws IllegalStateException if no tombstone secret was given: erased identities could not
     *     be kept from coming back
     */
    public PrivacySettings build() {
      if (secret == null && tenantSecrets.isEmpty()) {
        throw new IllegalStateException("tombstoneSecret is required: without it an erased person's late "
            + "webhook redeliveries would create them again");
      }
      return new PrivacySettings(this);
    }
  }
}
