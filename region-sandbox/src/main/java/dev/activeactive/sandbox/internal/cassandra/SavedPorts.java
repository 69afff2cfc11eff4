package dev.activeactive.sandbox.internal.cassandra;

import dev.activeactive.sandbox.api.SandboxException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The ports a cluster's nodes were first started with, kept in its work directory. A node that comes back on
 * a reused work directory must keep its storage port: its peers remember it by address and port, and a node
 * back on a new port would leave a DOWN ghost of itself in their view of the ring.
 */
final class SavedPorts {
  private static final String FILE = "ports.properties";

  private SavedPorts() {}

  /** The saved ports, if the work directory holds some for exactly these addresses. */
  static Optional<Map<String, NodePorts>> load(Path workDir, List<String> addresses) {
    Path file = workDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      props.load(in);
      Map<String, NodePorts> ports = new LinkedHashMap<>();
      for (String address : addresses) {
        ports.put(address, new NodePorts(
            Integer.parseInt(props.getProperty("storage")),
            Integer.parseInt(props.getProperty(address + ".native")),
            Integer.parseInt(props.getProperty(address + ".jmx"))));
      }
      return props.size() == 1 + 2 * addresses.size() ? Optional.of(ports) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new SandboxException("Cannot read " + file + " (" + e + "). It records the ports of the Cassandra"
          + " nodes whose data is in " + workDir + "; delete that directory to start from scratch.", e);
    }
  }

  static void save(Path workDir, Map<String, NodePorts> ports) {
    Properties props = new Properties();
    ports.forEach((address, p) -> {
      props.setProperty("storage", Integer.toString(p.storage()));
      props.setProperty(address + ".native", Integer.toString(p.nativeTransport()));
      props.setProperty(address + ".jmx", Integer.toString(p.jmx()));
    });
    try {
      Files.createDirectories(workDir);
      try (Writer out = Files.newBufferedWriter(workDir.resolve(FILE))) {
        props.store(out, "ports of the Cassandra nodes whose data is in this directory");
      }
    } catch (IOException e) {
      throw new SandboxException("Cannot write " + workDir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }
}
