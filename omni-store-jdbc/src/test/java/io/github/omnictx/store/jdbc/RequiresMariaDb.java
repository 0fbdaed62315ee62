package io.github.omnictx.store.jdbc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class, visibly, when no MariaDB is there ({@code OMNI_TEST_MARIADB_URL} unset and
 * nothing answering on the default local port): both engines (Jupiter
 * for {@code @Test}, jqwik for {@code @Property}) report its tests as skipped, and one line on
 * stderr says why.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresMariaDb.Jupiter.class)
@AddLifecycleHook(RequiresMariaDb.Jqwik.class)
@interface RequiresMariaDb {

  /** The Jupiter side. */
  final class Jupiter implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return Availability.check() ? ConditionEvaluationResult.enabled("MariaDB configured")
          : ConditionEvaluationResult.disabled(Availability.REASON);
    }
  }

  /** The jqwik side. */
  final class Jqwik implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return Availability.check() ? SkipResult.doNotSkip() : SkipResult.skip(Availability.REASON);
    }
  }

  /** Whether MariaDB is configured; says why not once per JVM. */
  final class Availability {
    static final String REASON = "MariaDB tests skipped: no MariaDB answers at "
        + TestDatabases.LOCAL_MARIADB.replaceAll("[?&]connectTimeout=\\d+", "") + " and " + TestDatabases.MARIADB_ENV
        + " is not set (set it to a JDBC URL to run them elsewhere)";
    private static final java.util.concurrent.atomic.AtomicBoolean SAID = new java.util.concurrent.atomic.AtomicBoolean();

    private Availability() {}

    static boolean check() {
      boolean ok = TestDatabases.mariadbUrl().isPresent();
      if (!ok && SAID.compareAndSet(false, true)) {
        System.err.println("[omni-store-jdbc] " + REASON);
      }
      return ok;
    }
  }
}
