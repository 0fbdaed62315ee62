package io.github.omnictx.core.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of omni-core's test runs (chosen by the {@code slf4j.provider} system
 * property): every logger records each line, at every level, into {@link LogCapture}, then hands it
 * to slf4j-simple as usual. A line with personal data fails the call that logged it with an {@link
 * AssertionError}, so the test that made it fails where it happened. Thread-safe.
 */
public final class CapturingServiceProvider implements SLF4JServiceProvider {
  private final SimpleServiceProvider simple = new SimpleServiceProvider();
  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name,
      n -> new Capturing(n, simple.getLoggerFactory().getLogger(n)));

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return simple.getMarkerFactory();
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return simple.getMDCAdapter();
  }

  @Override
  public String getRequestedApiVersion() {
    return simple.getRequestedApiVersion();
  }

  @Override
  public void initialize() {
    simple.initialize();
  }

  /** Records and checks every line, then forwards it. */
  private static final class Capturing extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient Logger out;

    Capturing(String name, Logger out) {
      this.name = name;
      this.out = out;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String msg, Object[] args, Throwable t) {
      String line = MessageFormatter.basicArrayFormat(msg, args);
      StringBuilder all = new StringBuilder(line == null ? "" : line);
      for (Throwable c = t; c != null; c = c.getCause()) {
        all.append(" | ").append(c.getClass().getName()).append(": ").append(c.getMessage());
        for (Throwable s : c.getSuppressed()) {
          all.append(" | suppressed: ").append(s.getMessage());
        }
      }
      List<String> found = LogCapture.check(name, all.toString());
      out.atLevel(level).setCause(t).log(line);
      if (!found.isEmpty()) {
        throw new AssertionError("personal data in a log line of " + name + ": " + found);
      }
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
