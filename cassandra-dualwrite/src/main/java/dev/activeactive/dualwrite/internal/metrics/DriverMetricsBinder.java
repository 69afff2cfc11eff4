package dev.activeactive.dualwrite.internal.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricRegistryListener;
import com.codahale.metrics.Timer;
import com.datastax.oss.driver.api.core.CqlSession;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter.Id;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the driver's own metrics (kept by the driver in a Dropwizard registry, its default metrics
 * library) to a Micrometer registry, including metrics the driver adds later, such as those of a node that
 * joins. The driver's separate Micrometer module would do the same without this bridge; this one avoids the
 * extra artifact.
 *
 * <p>Names: {@code <session>.cql-requests} becomes {@code cassandra.driver.session.cql-requests} tagged
 * {@code session}; {@code <session>.nodes.<node>.pool.in-flight} becomes {@code cassandra.driver.node.pool.in-flight}
 * tagged {@code session} and {@code node}.
 */
public final class DriverMetricsBinder implements MetricRegistryListener {
  private static final Logger log = LoggerFactory.getLogger(DriverMetricsBinder.class);

  private final MeterRegistry registry;
  private final String sessionName;
  private final Map<String, List<Id>> published = new ConcurrentHashMap<>();

  private DriverMetricsBinder(MeterRegistry registry, String sessionName) {
    this.registry = registry;
    this.sessionName = sessionName;
  }

  /** Bridges the session's driver metrics, if the driver keeps any; logs and does nothing otherwise. */
  public static void bind(CqlSession session, MeterRegistry registry) {
    var metrics = session.getMetrics();
    if (metrics.isEmpty()) {
      log.warn("Session {} keeps no Dropwizard metrics (advanced.metrics.factory.class changed?); driver "
          + "metrics are not published to Micrometer", session.getName());
      return;
    }
    MetricRegistry dropwizard = metrics.get().getRegistry();
    // addListener replays every metric already registered, then reports later additions and removals.
    dropwizard.addListener(new DriverMetricsBinder(registry, session.getName()));
  }

  /** Splits a driver metric name into a Micrometer name and tags, or null for names it does not know. */
  static NameAndTags map(String sessionName, String dropwizardName) {
    String prefix = sessionName + ".";
    if (!dropwizardName.startsWith(prefix)) {
      return null;
    }
    String rest = dropwizardName.substring(prefix.length());
    if (rest.startsWith("nodes.")) {
      String nodeAndMetric = rest.substring("nodes.".length());
      // node ids look like 127_0_0_1:9042 and contain no dot; the metric path follows the first dot
      int dot = nodeAndMetric.indexOf('.');
      if (dot < 0) {
        return null;
      }
      return new NameAndTags("cassandra.driver.node." + nodeAndMetric.substring(dot + 1),
          Tags.of("session", sessionName, "node", nodeAndMetric.substring(0, dot)));
    }
    return new NameAndTags("cassandra.driver.session." + rest, Tags.of("session", sessionName));
  }

  record NameAndTags(String name, Tags tags) {}

  private void publish(String dropwizardName, Metric metric) {
    NameAndTags id = map(sessionName, dropwizardName);
    if (id == null) {
      return;
    }
    List<Id> ids;
    if (metric instanceof Timer t) {
      ids = List.of(
          FunctionTimer.builder(id.name(), t, Timer::getCount,
                  timer -> timer.getSnapshot().getMean() * timer.getCount(), TimeUnit.NANOSECONDS)
              .tags(id.tags()).register(registry).getId(),
          TimeGauge.builder(id.name() + ".p99", t, TimeUnit.NANOSECONDS,
                  timer -> timer.getSnapshot().get99thPercentile())
              .tags(id.tags()).register(registry).getId());
    } else if (metric instanceof Meter m) {
      ids = List.of(FunctionCounter.builder(id.name(), m, Meter::getCount)
          .tags(id.tags()).register(registry).getId());
    } else if (metric instanceof Counter c) {
      ids = List.of(FunctionCounter.builder(id.name(), c, Counter::getCount)
          .tags(id.tags()).register(registry).getId());
    } else if (metric instanceof Histogram h) {
      ids = List.of(io.micrometer.core.instrument.Gauge.builder(id.name() + ".p99", h,
              histogram -> histogram.getSnapshot().get99thPercentile())
          .tags(id.tags()).register(registry).getId());
    } else if (metric instanceof Gauge<?> g) {
      ids = List.of(io.micrometer.core.instrument.Gauge.builder(id.name(), g, DriverMetricsBinder::value)
          .tags(id.tags()).register(registry).getId());
    } else {
      return;
    }
    published.put(dropwizardName, ids);
  }

  private static double value(Gauge<?> gauge) {
    return gauge.getValue() instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private void unpublish(String dropwizardName) {
    List<Id> ids = published.remove(dropwizardName);
    if (ids != null) {
      ids.forEach(registry::remove);
    }
  }

  @Override
  public void onGaugeAdded(String name, Gauge<?> gauge) {
    publish(name, gauge);
  }

  @Override
  public void onGaugeRemoved(String name) {
    unpublish(name);
  }

  @Override
  public void onCounterAdded(String name, Counter counter) {
    publish(name, counter);
  }

  @Override
  public void onCounterRemoved(String name) {
    unpublish(name);
  }

  @Override
  public void onHistogramAdded(String name, Histogram histogram) {
    publish(name, histogram);
  }

  @Override
  public void onHistogramRemoved(String name) {
    unpublish(name);
  }

  @Override
  public void onMeterAdded(String name, Meter meter) {
    publish(name, meter);
  }

  @Override
  public void onMeterRemoved(String name) {
    unpublish(name);
  }

  @Override
  public void onTimerAdded(String name, Timer timer) {
    publish(name, timer);
  }

  @Override
  public void onTimerRemoved(String name) {
    unpublish(name);
  }
}
