package dev.activeactive.evcache.internal.client;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.ValueCodec;
import dev.activeactive.evcache.internal.metrics.MeteredDatasetCache;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client: datasets by name over one {@link ClientCore}. */
final class DefaultEVCacheClient implements EVCacheClient {

  private static final Logger log = LoggerFactory.getLogger(DefaultEVCacheClient.class);

  private final ClientCore core;
  private final Map<String, DatasetRuntime> datasets;
  private final Function<String, MeteredDatasetCache.Meters> meters; // null without a registry
  private final Runnable onClose;

  /** What the datasets share (package tests look into it). */
  ClientCore core() {
    return core;
  }

  DefaultEVCacheClient(ClientCore core, Map<String, DatasetRuntime> datasets,
      Function<String, MeteredDatasetCache.Meters> meters, Runnable onClose) {
    this.core = core;
    this.datasets = Map.copyOf(datasets);
    this.meters = meters;
    this.onClose = onClose;
  }

  @Override
  public String region() {
    return core.region;
  }

  @Override
  public Set<String> datasets() {
    return datasets.keySet();
  }

  @Override
  public DatasetCache<byte[]> dataset(String name) {
    return dataset(name, ValueCodec.bytes());
  }

  @Override
  public <V> DatasetCache<V> dataset(String name, ValueCodec<V> codec) {
    Objects.requireNonNull(codec, "codec");
    DatasetRuntime ds = datasets.get(Objects.requireNonNull(name, "name"));
    if (ds == null) {
      throw new IllegalArgumentException("dataset '" + name + "' is not configured; configured datasets are "
          + datasets.keySet());
    }
    DatasetCache<V> cache = new DefaultDatasetCache<>(core, ds, codec);
    return meters == null ? cache : new MeteredDatasetCache<>(cache, meters.apply(name));
  }

  @Override
  public CompletableFuture<Void> flush() {
    return core.publisher.flush();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (core.isClosed()) {
        return;
      }
      core.markClosed();
    }
    try {
      core.publisher.close();
    } catch (RuntimeException e) {
      log.error("closing the publisher failed", e);
    }
    core.repairs.close();
    core.zones.close();
    onClose.run();
  }

  @Override
  public String toString() {
    return "EVCacheClient{region=" + core.region + ", datasets=" + datasets.keySet() + "}";
  }
}
