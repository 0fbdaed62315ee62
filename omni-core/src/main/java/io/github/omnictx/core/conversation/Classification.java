package io.github.omnictx.core.conversation;

import io.github.omnictx.core.internal.Checks;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What routing needs to know about a conversation's subject: priority, required skills and language.
 *
 * @param priority 0-9, higher is more urgent
 * @param skills skills an agent needs, empty for any agent
 * @param language the language an agent must speak, empty for any
 */
public record Classification(int priority, Set<String> skills, Optional<String> language) {

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if the priority is out of range or a field is null
   */
  public Classification {
    if (priority < 0 || priority > 9) {
      throw new IllegalArgumentException("priority must be between 0 and 9, was: " + priority);
    }
    skills = java.util.Collections.unmodifiableSet(new TreeSet<>(Checks.notNull(skills, "skills")));
    Checks.notNull(language, "language");
  }
}
