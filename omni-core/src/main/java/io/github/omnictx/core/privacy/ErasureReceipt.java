package io.github.omnictx.core.privacy;

import io.github.omnictx.core.channel.ChannelId;
import io.github.omnictx.core.consent.Purpose;
import io.github.omnictx.core.customer.CustomerId;
import io.github.omnictx.core.internal.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an erase did: the proof an application keeps for the data subject's request. It names no
 * identity, attribute or message, only ids, counts and the consents that were withdrawn. Immutable.
 *
 * @param requestId the application's request id the erase ran under
 * @param customer the customer the erase was asked for
 * @param customers every customer id of the merge group that was erased, the asked one first
 * @param erasedAt when
 * @param counts how many records of each kind ({@link DataRecord#name()}) were deleted or blanked
 * @param withdrawnConsents the consents that were granted and are now withdrawn, as anonymous facts
 */
public record ErasureReceipt(String requestId, CustomerId customer, List<CustomerId> customers, Instant erasedAt,
    Map<String, Integer> counts, List<WithdrawnConsent> withdrawnConsents) {

  /**
   * A granted consent withdrawn by an erase, without anything that names the person.
   *
   * @param channel the channel
   * @param purpose the purpose
   */
  public record WithdrawnConsent(ChannelId channel, Purpose purpose) {
    /** @throws IllegalArgumentException if a value is missing */
    public WithdrawnConsent {
      Checks.notNull(channel, "channel");
      Checks.notNull(purpose, "purpose");
    }
  }

  /**
   * @throws IllegalArgumentException if a value is missing or a count is negative
   */
  public ErasureReceipt {
    Checks.notBlank(requestId, "requestId");
    Checks.notNull(customer, "customer");
    customers = List.copyOf(Checks.notNull(customers, "customers"));
    Checks.notNull(erasedAt, "erasedAt");
    Map<String, Integer> sorted = new TreeMap<>(Checks.notNull(counts, "counts"));
    sorted.forEach((k, v) -> {
      if (v < 0) {
        throw new IllegalArgumentException("counts must not be negative, was " + k + "=" + v);
      }
    });
    counts = Collections.unmodifiableMap(sorted);
    withdrawnConsents = List.copyOf(Checks.notNull(withdrawnConsents, "withdrawnConsents"));
  }

  /**
   * @param record a record name, e.g. {@code "touchpoints"}
   * @return how many of its records the erase reached, 0 if none
   */
  public int count(String record) {
    return counts.getOrDefault(record, 0);
  }
}
