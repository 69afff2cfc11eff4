package dev.activeactive.sandbox.internal.cassandra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delays inter-node Cassandra traffic on the loopback device with {@code tc netem}, to emulate the distance
 * between regions.
 *
 * <p>Only packets to or from the shared storage port are delayed. Matching on addresses would not do: the
 * kernel gives a socket connecting to 127.0.0.2 the source address 127.0.0.1, so a client of the second
 * region's node would look like cross-region traffic. Every packet between two nodes carries the storage
 * port on one side, and with one node per datacenter all such traffic crosses datacenters.
 *
 * <p>The delay applies to each direction, so a round trip takes twice the latency.
 */
final class InterNodeLatency {
  private static final Logger log = LoggerFactory.getLogger(InterNodeLatency.class);
  private static final String DEVICE = "lo";
  /* band 4 of a 4-band prio qdisc: the default priomap never sends packets there, only our filters do */
  private static final String DELAYED_BAND = "1:4";

  private final int storagePort;
  private boolean installed;
  /** The output of the last tc command that failed, for the warning that explains why. */
  private String lastError = "";

  InterNodeLatency(int storagePort) {
    this.storagePort = storagePort;
  }

  /** Returns false, after logging why, when this machine does not let us shape loopback traffic. */
  synchronized boolean set(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    if (latency.isZero()) {
      return remove();
    }
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      log.warn("Inter-datacenter latency needs Linux tc netem; on {} the datacenters stay 0 ms apart",
          System.getProperty("os.name"));
      return false;
    }
    String delay = latency.toNanos() / 1000 + "us";
    if (installed) {
      return run("qdisc", "change", "dev", DEVICE, "parent", DELAYED_BAND, "handle", "40:", "netem", "delay", delay);
    }
    String root = output("qdisc", "show", "dev", DEVICE);
    if (root.contains("qdisc prio 1: root") && root.contains("bands 4")) {
      run("qdisc", "del", "dev", DEVICE, "root"); // a leftover of an earlier sandbox that died
    } else if (!root.isEmpty() && !root.startsWith("qdisc noqueue")) {
      log.warn("Not adding Cassandra inter-datacenter latency: {} already has a root qdisc we did not install"
          + " ({}). Remove it with `tc qdisc del dev {} root` if it is stale.", DEVICE, root.lines().findFirst()
          .orElse(root), DEVICE);
      return false;
    }
    boolean ok = run("qdisc", "add", "dev", DEVICE, "root", "handle", "1:", "prio", "bands", "4")
        && run("qdisc", "add", "dev", DEVICE, "parent", DELAYED_BAND, "handle", "40:", "netem", "delay", delay)
        && filter("sport") && filter("dport");
    if (!ok) {
      String why = lastError;
      run("qdisc", "del", "dev", DEVICE, "root");
      log.warn("Could not add {} of latency between Cassandra datacenters: tc said \"{}\". This needs root (or"
          + " CAP_NET_ADMIN) and a kernel with the prio and netem qdiscs (CONFIG_NET_SCH_PRIO,"
          + " CONFIG_NET_SCH_NETEM; \"qdisc kind is unknown\" means they are missing). The datacenters stay"
          + " 0 ms apart.", latency, why);
      return false;
    }
    installed = true;
    log.info("Cassandra inter-datacenter traffic (port {}) now delayed by {} each way", storagePort, latency);
    return true;
  }

  private boolean filter(String direction) {
    return run("filter", "add", "dev", DEVICE, "parent", "1:", "protocol", "ip", "prio", "1", "u32",
        "match", "ip", direction, Integer.toString(storagePort), "0xffff", "flowid", DELAYED_BAND);
  }

  synchronized boolean remove() {
    if (!installed) {
      return true;
    }
    boolean ok = run("qdisc", "del", "dev", DEVICE, "root");
    installed = !ok;
    if (!ok) {
      log.warn("Could not remove the tc netem latency from {}; remove it with `tc qdisc del dev {} root`",
          DEVICE, DEVICE);
    }
    return ok;
  }

  private boolean run(String... args) {
    return exec(args) != null;
  }

  /** The command's output, or "" when it failed. */
  private String output(String... args) {
    String out = exec(args);
    return out == null ? "" : out;
  }

  /** Runs tc; its output when it succeeded, null when it did not. */
  private String exec(String... args) {
    List<String> command = new ArrayList<>(List.of("tc"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return null;
      }
      if (process.exitValue() != 0) {
        lastError = output;
        log.debug("{} failed: {}", String.join(" ", command), output);
        return null;
      }
      return output;
    } catch (IOException e) {
      lastError = "cannot run tc: " + e.getMessage();
      log.debug("cannot run tc: {}", e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
