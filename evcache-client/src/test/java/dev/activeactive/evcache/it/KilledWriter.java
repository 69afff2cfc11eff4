package dev.activeactive.evcache.it;

import dev.activeactive.evcache.api.DatasetCache;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.evcache.api.ValueCodec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

/**
 * The writing process of {@link PublisherCrashIT}, run in a JVM of its own so that it can be killed with SIGKILL.
 * It writes keys {@code k0, k1, ...} of one INVALIDATE dataset without end, up to 32 at a time, and prints
 * {@code ACK <key>} on standard output once a write's future completed successfully; the test kills it mid-stream.
 *
 * <p>Arguments: east zone servers ({@code name=host:port,...}), queue URL, queue endpoint, AWS region, spool
 * directory, dataset, linger in milliseconds.
 */
public final class KilledWriter {

  private KilledWriter() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    String dataset = args[5];
    try (EVCacheClient client = PublisherCrashIT.client(args[0], args[1], args[2], args[3], args[4], dataset,
        Integer.parseInt(args[6]))) {
      DatasetCache<String> cache = client.dataset(dataset, ValueCodec.utf8());
      Semaphore inFlight = new Semaphore(32);
      out.println("READY");
      out.flush();
      for (long i = 0; ; i++) {
        inFlight.acquire();
        String key = "k" + i;
        cache.setAsync(key, "v" + i).whenComplete((r, e) -> {
          if (e == null) {
            synchronized (out) {
              out.println("ACK " + key);
              out.flush();
            }
          }
          inFlight.release();
        });
      }
    }
  }
}
