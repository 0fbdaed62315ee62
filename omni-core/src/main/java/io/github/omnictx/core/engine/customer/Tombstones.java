package io.github.omnictx.core.engine.customer;

import io.github.omnictx.core.identity.ErasedIdentityException;
import io.github.omnictx.core.identity.Identity;
import io.github.omnictx.core.spi.StoreTransaction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tombstones of one tenant: erased identities, remembered only as an HMAC-SHA256 of their
 * kind and normalised value under the tenant's key. Identity resolution, linking and customer
 * creation check them, so an erased person is not created again by a late redelivery. Without a
 * key (privacy not configured) nothing can have been erased and nothing is checked. Not API: may
 * change in any release. Thread-safe.
 */
public final class Tombstones {
  private static final Tombstones NONE = new Tombstones(Optional.empty());
  private final Optional<byte[]> key;

  private Tombstones(Optional<byte[]> key) {
    this.key = key.map(byte[]::clone);
  }

  /**
   * @param key the tenant's tombstone key
   * @return tombstones under that key
   */
  public static Tombstones keyed(byte[] key) {
    return new Tombstones(Optional.of(key));
  }

  /** @return tombstones that check nothing: privacy is not configured */
  public static Tombstones none() {
    return NONE;
  }

  /** @return whether tombstones are kept (a key is configured) */
  public boolean enabled() {
    return key.isPresent();
  }

  /**
   * @param identity an identity
   * @return its keyed hash, 64 lower-case hex characters
   * @throws IllegalStateException if there is no key
   */
  public String digest(Identity identity) {
    byte[] k = key.orElseThrow(() -> new IllegalStateException("privacy is not configured: no tombstone key"));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(k, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((identity.kind().name() + "\n" + identity.value())
          .getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * @param identities identities
   * @return their digests
   */
  public List<String> digests(Collection<Identity> identities) {
    List<String> out = new ArrayList<>();
    identities.forEach(i -> out.add(digest(i)));
    return out;
  }

  /**
   * @param tx the transaction
   * @param identities identities
   * @return whether any of them is tombstoned
   */
  public boolean any(StoreTransaction tx, Collection<Identity> identities) {
    if (key.isEmpty() || identities.isEmpty()) {
      return false;
    }
    return !tx.privacy().findTombstones(digests(identities)).isEmpty();
  }

  /**
   * Refuses identities that were erased.
   *
   * @param tx the transaction
   * @param identities the identities about to be resolved, linked or given to a customer
   * @throws ErasedIdentityException naming the first erased one, masked
   */
  public void check(StoreTransaction tx, Collection<Identity> identities) {
    if (key.isEmpty() || identities.isEmpty()) {
      return;
    }
    Map<String, Identity> byDigest = new LinkedHashMap<>();
    identities.forEach(i -> byDigest.put(digest(i), i));
    Set<String> found = tx.privacy().findTombstones(byDigest.keySet());
    for (Map.Entry<String, Identity> e : byDigest.entrySet()) {
      if (found.contains(e.getKey())) {
        throw new ErasedIdentityException(e.getValue().masked());
      }
    }
  }
}
