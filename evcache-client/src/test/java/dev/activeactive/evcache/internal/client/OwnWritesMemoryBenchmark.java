package dev.activeactive.evcache.internal.client;

import dev.activeactive.protocol.api.version.Version;

/**
 * A harness, not a test: the heap one full {@link OwnWrites} retains. Run from evcache-client after
 * {@code ./mvnw -B -o -q -pl evcache-client -am test-compile dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=target/bench.classpath} with
 * {@code java -Xmx512m -cp target/test-classes:target/classes:$(cat target/bench.classpath)
 * dev.activeactive.evcache.internal.client.OwnWritesMemoryBenchmark}.
 */
public final class OwnWritesMemoryBenchmark {
  private OwnWritesMemoryBenchmark() {}

  public static void main(String[] args) throws InterruptedException {
    int n = 65_536;
    String[] keys = new String[n];
    for (int i = 0; i < n; i++) {
      keys[i] = "profiles:user-" + (1_000_000 + i); // not counted: the caller holds its keys anyway
    }
    Version[] versions = new Version[n];
    for (int i = 0; i < n; i++) {
      versions[i] = new Version(1_700_000_000_000_000L + i, "us-east-1");
    }
    long before = used();
    OwnWrites own = OwnWrites.bounded(n);
    for (int i = 0; i < n; i++) {
      own.remember("us-east-1a", keys[i], i + 1, versions[i], 1);
    }
    long after = used();
    System.out.printf("entries %d, retained %.1f MB, %.0f bytes/entry (keys and versions not counted)%n",
        own.size(), (after - before) / 1e6, (after - before) / (double) own.size());
    System.out.println("the last key is remembered: " + (own.recall("us-east-1a", keys[n - 1], 1) != null));
  }

  private static long used() throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100); // lets the collector finish; a measurement, not a wait for a condition
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
