package dev.activeactive.evcache.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.DatasetConfig;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.EVCacheClientBuilder;
import dev.activeactive.evcache.api.LocalWriteMode;
import dev.activeactive.evcache.api.NearCacheConfig;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ReplicationPolicy;
import dev.activeactive.evcache.api.WriteCompletion;
import dev.activeactive.evcache.api.ZoneConfig;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.WanProfile;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;

/**
 * The client against raw spymemcached and raw Caffeine on the sandbox, in one run: same memcached server, same
 * keys, same number of threads, alternating rounds so that both sides see the same machine state. Also counts SQS
 * requests per 1,000 invalidating writes with packing on and off. A harness, not a unit test: run it with
 *
 * <pre>
 * ./mvnw -B -o -q -pl evcache-client -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench.classpath
 * (cd evcache-client &amp;&amp; java -Xmx1g -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *     dev.activeactive.evcache.bench.ClientBenchmark --seconds 5 --threads 16 --rounds 3 --lingers 5,20)
 * </pre>
 *
 * <p>(The reactor build puts the sibling modules' class directories on the class path; nothing is installed.)
 *
 * <p>Conditional sets are measured per kind of key, since their cost depends on what this client knows about
 * the item: keys this client wrote last (one compare-and-swap against the remembered CAS id), keys it knows
 * nothing about, i.e. written elsewhere or forgotten (a client remembering nothing: read, then swap), and absent
 * keys (a new key per write: read, then add). A documented mix (80% written last by this client, 10% elsewhere,
 * 10% absent) is derived from the three. Async sets keep {@value #ASYNC_WINDOW} writes in flight per thread,
 * against raw spymemcached sets with the same window.
 *
 * <p>Options: {@code --seconds} per measurement (after 1 s of warm-up), {@code --threads} for the memcached
 * measurements (the Caffeine ones use one thread per core), {@code --keys}, {@code --rounds}, {@code --writes}
 * for the requests-per-1,000 measurement, {@code --lingers} (ms, comma-separated), {@code --only} (run only the
 * throughput measurements whose name contains this text, for profiling).
 *
 * <p>The client under test uses one zone (the raw client's server), so the ratio measures the client's own
 * overhead: key checks, envelope, version clock, futures, and for CONDITIONAL sets the read-decide-CAS round trips;
 * its sets also publish invalidations (packed, in the background) to us-west-2's queue.
 */
public final class ClientBenchmark {

  /** Async writes each thread keeps in flight. */
  static final int ASYNC_WINDOW = 32;

  private static final String EAST = "us-east-1";
  private static final String WEST = "us-west-2";

  private final int seconds;
  private final int threads;
  private final int keys;
  private final int rounds;
  private final int writes;
  private final List<Duration> lingers = new ArrayList<>();
  private final String only;
  private final byte[] value = new byte[100];
  private final Map<String, List<Double>> results = new LinkedHashMap<>();

  private ClientBenchmark(Map<String, String> args) {
    this.seconds = Integer.parseInt(args.getOrDefault("seconds", "5"));
    this.threads = Integer.parseInt(args.getOrDefault("threads", "16"));
    this.keys = Integer.parseInt(args.getOrDefault("keys", "10000"));
    this.rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
    this.writes = Integer.parseInt(args.getOrDefault("writes", "100000"));
    this.only = args.getOrDefault("only", "");
    for (String ms : args.getOrDefault("lingers", "5,20").split(",")) {
      lingers.add(Duration.ofMillis(Long.parseLong(ms.trim())));
    }
    Arrays.fill(value, (byte) 'x');
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    new ClientBenchmark(args).run();
    System.exit(0);
  }

  private void run() throws Exception {
    RegionSandbox sandbox = RegionSandbox.shared();
    sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS);
    WanProfile wan = WanProfile.parse(System.getProperty("wan", WanProfile.DEFAULT_NAME));
    sandbox.faults().setWan(wan);
    System.out.println("WAN profile (publishing crosses it): " + wan.describe());
    RegionEndpoints east = sandbox.region(EAST);
    ZoneEndpoint zone = east.zones().get(0);
    System.out.printf("machine: %d cores, %s; threads=%d keys=%d value=%d B, %d s per measurement, %d rounds%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
            + System.getProperty("java.version"), threads, keys, value.length, seconds, rounds);

    MemcachedClient raw = new MemcachedClient(new ConnectionFactoryBuilder()
        .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
        .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
        .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
        .setFailureMode(FailureMode.Cancel)
        .setOpTimeout(1000)
        .setDaemon(true)
        .build(), AddrUtil.getAddresses(zone.memcachedHostPort()));

    purge(sandbox);
    java.nio.file.Path spoolDir = java.nio.file.Files.createTempDirectory("bench-spool");
    try (EVCacheClient client = client(sandbox, zone, true, Duration.ofMillis(5), null);
        EVCacheClient forgetful = client(sandbox, zone, true, Duration.ofMillis(5), null, null, false, 0);
        EVCacheClient spooled = client(sandbox, zone, true, Duration.ofMillis(5), null, spoolDir.resolve("a"), false);
        EVCacheClient synced = client(sandbox, zone, true, Duration.ofMillis(5), null, spoolDir.resolve("b"), true)) {
      DatasetCache<byte[]> unconditionalSpooled = spooled.dataset("benchfast");
      DatasetCache<byte[]> unconditionalSynced = synced.dataset("benchfast");
      DatasetCache<byte[]> conditional = client.dataset("bench");
      DatasetCache<byte[]> conditionalLocal = client.dataset("benchcondlocal");
      DatasetCache<byte[]> conditionalLocalForgetful = forgetful.dataset("benchcondlocal");
      java.util.concurrent.atomic.AtomicLong freshKeys = new java.util.concurrent.atomic.AtomicLong();
      DatasetCache<byte[]> unconditional = client.dataset("benchfast");
      DatasetCache<byte[]> localOnly = client.dataset("benchlocal");
      DatasetCache<byte[]> near = client.dataset("benchnear");
      String[] rawKeys = new String[keys];
      String[] userKeys = new String[keys];
      for (int i = 0; i < keys; i++) {
        userKeys[i] = "key-" + i;
        rawKeys[i] = "bnchr:key-" + i; // as long as the client's "bench:key-i", in a namespace of their own
      }
      // preload, so gets hit
      for (int i = 0; i < keys; i++) {
        raw.set(rawKeys[i], 0, value).get();
        conditional.set(userKeys[i], value);
        conditionalLocal.set(userKeys[i], value);
        near.set(userKeys[i], value);
      }
      Cache<String, byte[]> caffeine = Caffeine.newBuilder().maximumSize(keys * 2L)
          .expireAfterWrite(Duration.ofMinutes(10)).build();
      for (String key : userKeys) {
        caffeine.put(key, value);
      }
      for (int round = 1; round <= rounds; round++) {
        System.out.printf("round %d%n", round);
        measure("raw spymemcached get", threads, i -> raw.get(rawKeys[i]));
        measure("client get", threads, i -> conditional.get(userKeys[i]));
        measure("raw spymemcached set", threads, i -> raw.set(rawKeys[i], 0, value).get());
        measure("client set CONDITIONAL", threads, i -> conditional.set(userKeys[i], value));
        measure("client set COND., NONE", threads, i -> conditionalLocal.set(userKeys[i], value));
        measure("client set COND., NONE, elsewhere", threads, i -> conditionalLocalForgetful.set(userKeys[i], value));
        measure("client set COND., NONE, absent", threads,
            i -> conditionalLocal.set("fresh-" + freshKeys.incrementAndGet(), value));
        measureAsync("raw spymemcached async set", threads, i -> raw.set(rawKeys[i], 0, value));
        measureAsync("client setAsync UNCONDITIONAL", threads, i -> unconditional.setAsync(userKeys[i], value));
        measureAsync("client setAsync UNCOND., NONE", threads, i -> localOnly.setAsync(userKeys[i], value));
        measure("client set UNCONDITIONAL", threads, i -> unconditional.set(userKeys[i], value));
        measure("client set UNCOND., NONE", threads, i -> localOnly.set(userKeys[i], value));
        measure("client set UNCOND., spool", threads, i -> unconditionalSpooled.set(userKeys[i], value));
        measure("client set UNCOND., spoolSync", threads, i -> unconditionalSynced.set(userKeys[i], value));
        int cpuThreads = Runtime.getRuntime().availableProcessors();
        measure("raw Caffeine getIfPresent", cpuThreads, i -> caffeine.getIfPresent(userKeys[i]));
        measure("client near-cache get", cpuThreads, i -> near.get(userKeys[i]));
      }
      client.flush().get(120, TimeUnit.SECONDS);
      forgetful.flush().get(120, TimeUnit.SECONDS);
      spooled.flush().get(120, TimeUnit.SECONDS);
      synced.flush().get(120, TimeUnit.SECONDS);
    }
    raw.shutdown();

    System.out.println();
    System.out.println("median ops/s over " + rounds + " rounds:");
    for (Map.Entry<String, List<Double>> e : results.entrySet()) {
      System.out.printf(Locale.ROOT, "  %-34s %,12.0f%n", e.getKey(), median(e.getValue()));
    }
    if (results.containsKey("client set UNCOND., spool")) {
      ratio("set with spool / set without", "client set UNCOND., spool", "client set UNCONDITIONAL");
      ratio("set with spoolSync / set without", "client set UNCOND., spoolSync", "client set UNCONDITIONAL");
    }
    if (!only.isEmpty()) {
      return;
    }
    ratio("client get / raw get", "client get", "raw spymemcached get");
    ratio("client set CONDITIONAL / raw set", "client set CONDITIONAL", "raw spymemcached set");
    ratio("set COND., NONE / raw set", "client set COND., NONE", "raw spymemcached set");
    ratio("set COND., NONE, elsewhere / raw set", "client set COND., NONE, elsewhere", "raw spymemcached set");
    ratio("set COND., NONE, absent / raw set", "client set COND., NONE, absent", "raw spymemcached set");
    mixRatio();
    ratio("client set UNCONDITIONAL / raw set", "client set UNCONDITIONAL", "raw spymemcached set");
    ratio("setAsync UNCONDITIONAL / raw async set", "client setAsync UNCONDITIONAL", "raw spymemcached async set");
    ratio("setAsync UNCOND., NONE / raw async set", "client setAsync UNCOND., NONE", "raw spymemcached async set");
    ratio("client set UNCOND., NONE / raw set", "client set UNCOND., NONE", "raw spymemcached set");
    ratio("near-cache get / Caffeine get", "client near-cache get", "raw Caffeine getIfPresent");

    System.out.println();
    for (Duration linger : lingers) {
      requestsPerThousand(sandbox, zone, true, linger);
    }
    requestsPerThousand(sandbox, zone, false, Duration.ZERO);
    purge(sandbox);
  }

  private EVCacheClient client(RegionSandbox sandbox, ZoneEndpoint zone, boolean packing, Duration linger,
      MeterRegistry registry) {
    return client(sandbox, zone, packing, linger, registry, null, false);
  }

  /** With {@code spool} set, the publisher journals every operation there (fsync per append with {@code sync}). */
  private EVCacheClient client(RegionSandbox sandbox, ZoneEndpoint zone, boolean packing, Duration linger,
      MeterRegistry registry, java.nio.file.Path spool, boolean sync) {
    return client(sandbox, zone, packing, linger, registry, spool, sync,
        EVCacheClientBuilder.DEFAULT_REMEMBERED_WRITES);
  }

  /** As above, remembering the CAS ids of {@code rememberedWrites} keys (0: none). */
  private EVCacheClient client(RegionSandbox sandbox, ZoneEndpoint zone, boolean packing, Duration linger,
      MeterRegistry registry, java.nio.file.Path spool, boolean sync, int rememberedWrites) {
    RegionEndpoints west = sandbox.region(WEST);
    EVCacheClientBuilder builder = EVCacheClient.builder()
        .region(EAST)
        .zone(ZoneConfig.of(zone.name(), zone.memcachedHostPort()))
        .writeCompletion(WriteCompletion.ALL)
        .rememberedWrites(rememberedWrites)
        .dataset(DatasetConfig.builder("bench").replication(ReplicationPolicy.INVALIDATE).build())
        .dataset(DatasetConfig.builder("benchfast").replication(ReplicationPolicy.INVALIDATE)
            .localWriteMode(LocalWriteMode.UNCONDITIONAL).build())
        .dataset(DatasetConfig.builder("benchcondlocal").replication(ReplicationPolicy.NONE).build())
        .dataset(DatasetConfig.builder("benchlocal").replication(ReplicationPolicy.NONE)
            .localWriteMode(LocalWriteMode.UNCONDITIONAL).build())
        .dataset(DatasetConfig.builder("benchnear").replication(ReplicationPolicy.INVALIDATE)
            .nearCache(NearCacheConfig.of(keys * 2L, Duration.ofMinutes(10))).build())
        .publisher(PublisherConfig.builder()
            .remoteRegion(RemoteRegion.of(WEST, west.queues().queueUrl(), west.queueEndpointFrom(EAST))
                .withAwsRegion(west.queues().awsRegion()))
            .credentials(SandboxAws.credentials())
            .packing(packing)
            .linger(linger)
            .maxBufferBytes(256L * 1024 * 1024)
            .spoolDirectory(spool)
            .spoolSync(sync)
            .build());
    if (registry != null) {
      builder.meterRegistry(registry);
    }
    return builder.build();
  }

  /** Sustained invalidating writes; SQS requests counted by the publisher's request meter. */
  private void requestsPerThousand(RegionSandbox sandbox, ZoneEndpoint zone, boolean packing, Duration linger)
      throws Exception {
    int n = packing ? writes : Math.min(writes, 20_000);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    purge(sandbox);
    try (EVCacheClient client = client(sandbox, zone, packing, linger, registry)) {
      DatasetCache<byte[]> cache = client.dataset("benchfast");
      long start = System.nanoTime();
      LongAdder done = new LongAdder();
      runThreads(threads, t -> {
        for (int i = t; i < n; i += threads) {
          cache.set("w-" + (i % keys), value);
          done.increment();
        }
      });
      double writeSeconds = (System.nanoTime() - start) / 1e9;
      client.flush().get(300, TimeUnit.SECONDS);
      double requests = Search.in(registry).name("evcache.publisher.requests").counters().stream()
          .mapToDouble(c -> c.count()).sum();
      double messages = Search.in(registry).name("evcache.publisher.messages").counters().stream()
          .mapToDouble(c -> c.count()).sum();
      System.out.printf(Locale.ROOT, "packing %-3s linger %3d ms: %,d invalidating writes at %,.0f/s -> %,.0f SQS"
              + " requests, %,.0f messages = %.2f requests per 1,000 writes%n", packing ? "on" : "off",
          linger.toMillis(), n, n / writeSeconds, requests, messages, requests * 1000 / n);
    }
  }

  private void purge(RegionSandbox sandbox) {
    RegionEndpoints west = sandbox.region(WEST);
    try (SqsClient sqs = SandboxAws.syncClient(west)) {
      sqs.purgeQueue(PurgeQueueRequest.builder().queueUrl(west.queues().queueUrl()).build());
    }
  }

  @FunctionalInterface
  private interface Op {
    void run(int keyIndex) throws Exception;
  }

  @FunctionalInterface
  private interface Body {
    void run(int thread) throws Exception;
  }

  private void measure(String name, int threadCount, Op op) throws Exception {
    if (!name.contains(only)) {
      return;
    }
    // warm up for a second, then measure
    loop(threadCount, op, 1);
    double opsPerSecond = loop(threadCount, op, seconds);
    results.computeIfAbsent(name, k -> new ArrayList<>()).add(opsPerSecond);
    System.out.printf(Locale.ROOT, "  %-34s %,12.0f ops/s%n", name, opsPerSecond);
  }

  private double loop(int threadCount, Op op, int durationSeconds) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder count = new LongAdder();
    CountDownLatch started = new CountDownLatch(threadCount);
    List<Thread> workers = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < threadCount; t++) {
      int seed = t;
      Thread worker = new Thread(() -> {
        int i = seed * 7919 % keys;
        long local = 0;
        started.countDown();
        try {
          while (!stop.get()) {
            op.run(i);
            i = i + 1 == keys ? 0 : i + 1;
            local++;
          }
        } catch (Throwable e) {
          failure[0] = e;
        }
        count.add(local);
      });
      workers.add(worker);
      worker.start();
    }
    started.await();
    long start = System.nanoTime();
    Thread.sleep(durationSeconds * 1000L); // a measurement window, not a wait for a condition
    stop.set(true);
    for (Thread worker : workers) {
      worker.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (failure[0] != null) {
      throw new IllegalStateException("benchmark operation failed", failure[0]);
    }
    return count.sum() / elapsed;
  }

  private void runThreads(int threadCount, Body body) throws Exception {
    List<Thread> workers = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < threadCount; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        try {
          body.run(thread);
        } catch (Throwable e) {
          failure[0] = e;
        }
      });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure[0] != null) {
      throw new IllegalStateException("benchmark operation failed", failure[0]);
    }
  }

  /** The documented key mix's throughput: the time per write is the mix of the three kinds' times per write. */
  private void mixRatio() {
    double secondsPerWrite = 0.8 / median(results.get("client set COND., NONE"))
        + 0.1 / median(results.get("client set COND., NONE, elsewhere"))
        + 0.1 / median(results.get("client set COND., NONE, absent"));
    System.out.printf(Locale.ROOT, "  %-36s %.2fx%n", "COND., NONE, mix 80/10/10 / raw set",
        1 / secondsPerWrite / median(results.get("raw spymemcached set")));
  }

  @FunctionalInterface
  private interface AsyncOp {
    Future<?> start(int keyIndex) throws Exception;
  }

  /** Like {@link #measure}, each thread keeping {@value #ASYNC_WINDOW} writes in flight. */
  private void measureAsync(String name, int threadCount, AsyncOp op) throws Exception {
    if (!name.contains(only)) {
      return;
    }
    ThreadLocal<ArrayDeque<Future<?>>> windows = ThreadLocal.withInitial(ArrayDeque::new);
    Op windowed = i -> {
      ArrayDeque<Future<?>> window = windows.get();
      if (window.size() == ASYNC_WINDOW) {
        window.poll().get(30, TimeUnit.SECONDS);
      }
      window.add(op.start(i));
    };
    loop(threadCount, windowed, 1);
    double opsPerSecond = loop(threadCount, windowed, seconds);
    results.computeIfAbsent(name, k -> new ArrayList<>()).add(opsPerSecond);
    System.out.printf(Locale.ROOT, "  %-34s %,12.0f ops/s%n", name, opsPerSecond);
  }

  private void ratio(String label, String numerator, String denominator) {
    double r = median(results.get(numerator)) / median(results.get(denominator));
    System.out.printf(Locale.ROOT, "  %-36s %.2fx%n", label, r);
  }

  private static double median(List<Double> values) {
    if (values == null) {
      return Double.NaN; // not measured in this run (--only)
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
