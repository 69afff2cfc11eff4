package dev.activeactive.sandbox.internal.control;

import dev.activeactive.sandbox.api.SandboxTopology;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The file a running {@code ./sandbox up} keeps at {@code <repository>/.sandbox/endpoints.properties}: the
 * topology, the control server's URL and the sandbox process's pid. Tests find a running sandbox through it.
 */
public final class SandboxStateFile {
  /** Overrides where the file is looked for: a path to the file itself. */
  public static final String LOCATION_PROPERTY = "activeactive.sandbox.file";
  /** The repository root, which Maven passes to tests so that they find the file from any module. */
  public static final String ROOT_PROPERTY = "activeactive.repository.root";
  private static final String RELATIVE = ".sandbox/endpoints.properties";

  private SandboxStateFile() {}

  /** Where a sandbox started from {@code directory} keeps its file. */
  public static Path in(Path directory) {
    return directory.resolve(RELATIVE);
  }

  /**
   * The file of a running sandbox, looked for at {@link #LOCATION_PROPERTY}, then under
   * {@link #ROOT_PROPERTY}, then in the working directory and its parents.
   */
  public static Optional<Path> locate() {
    String explicit = System.getProperty(LOCATION_PROPERTY, System.getenv("ACTIVEACTIVE_SANDBOX_FILE"));
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit)).filter(Files::isRegularFile);
    }
    String root = System.getProperty(ROOT_PROPERTY);
    if (root != null && !root.isBlank() && Files.isRegularFile(in(Path.of(root)))) {
      return Optional.of(in(Path.of(root)));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(in(dir))) {
        return Optional.of(in(dir));
      }
    }
    return Optional.empty();
  }

  public static void write(Path file, SandboxTopology topology, URI control, long pid) throws IOException {
    Properties p = TopologyCodec.encode(topology);
    p.setProperty("control.url", control.toString());
    p.setProperty("pid", Long.toString(pid));
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(temp)) {
      p.store(out, "Endpoints of the running region sandbox; written by ./sandbox up, removed by ./sandbox down");
    }
    // readers never see a half-written file
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static Properties read(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return p;
  }

  public static URI controlUrl(Properties p) {
    return URI.create(p.getProperty("control.url", "http://127.0.0.1:1"));
  }

  public static long pid(Properties p) {
    return Long.parseLong(p.getProperty("pid", "-1"));
  }
}
