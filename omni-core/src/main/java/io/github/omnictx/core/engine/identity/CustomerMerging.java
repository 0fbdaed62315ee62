package io.github.omnictx.core.engine.identity;

import io.github.omnictx.core.consent.Consent;
import io.github.omnictx.core.consent.ContactPreferences;
import io.github.omnictx.core.customer.Customer;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The pure rules of merging customers' state. Not API. */
final class CustomerMerging {
  /** The survivor of a merge is the earliest created customer, then the lowest id. */
  static final Comparator<Customer> SURVIVOR_ORDER =
      Comparator.comparing(Customer::createdAt).thenComparing(Customer::id);

  private CustomerMerging() {}

  static String key(Consent c) {
    return c.channel().value() + "/" + c.purpose();
  }

  /**
   * The answer that wins when two customers merge: the more restrictive status, then the later
   * time, then the smaller source, so the result does not depend on which side is which.
   */
  static Consent stricter(Consent a, Consent b) {
    int byStatus = Integer.compare(a.status().ordinal(), b.status().ordinal());
    if (byStatus != 0) {
      return byStatus > 0 ? a : b;
    }
    int byTime = a.at().compareTo(b.at());
    if (byTime != 0) {
      return byTime > 0 ? a : b;
    }
    return a.source().compareTo(b.source()) <= 0 ? a : b;
  }

  /**
   * Writes the merged attributes, consents and preferences (not identities) of a survivor and the customers it
   * absorbs (in survivor order) into the survivor's builder.
   */
  static Customer.Builder mergeInto(Customer.Builder b, Customer survivor, List<Customer> absorbed) {
    Map<String, String> attributes = new TreeMap<>(survivor.attributes());
    Map<String, Consent> consents = new TreeMap<>();
    survivor.consents().forEach(c -> consents.put(key(c), c));
    boolean hasPreferences = !survivor.preferences().equals(ContactPreferences.NONE);
    for (Customer a : absorbed) {
      a.attributes().forEach(attributes::putIfAbsent);
      a.consents().forEach(c -> consents.merge(key(c), c, CustomerMerging::stricter));
      if (!hasPreferences && !a.preferences().equals(ContactPreferences.NONE)) {
        b.preferences(a.preferences());
        hasPreferences = true;
      }
    }
    return b.attributes(attributes).consents(List.copyOf(consents.values()));
  }
}
