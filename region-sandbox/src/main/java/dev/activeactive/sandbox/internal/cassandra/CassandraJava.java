package dev.activeactive.sandbox.internal.cassandra;

import dev.activeactive.sandbox.api.SandboxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds a JDK that Cassandra 5.0 runs on. Cassandra 5.0 supports Java 11 and 17 only, while the sandbox
 * itself may run on a newer JDK, so the node JVMs do not simply reuse the current one.
 */
final class CassandraJava {
  static final String ENV = "SANDBOX_CASSANDRA_JAVA_HOME";
  private static final List<Integer> SUPPORTED = List.of(11, 17);

  private CassandraJava() {}

  /** The {@code bin/java} executable to fork nodes with. */
  static Path locate() {
    String fromEnv = System.getenv(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path home = Path.of(fromEnv);
      Optional<Integer> feature = featureVersion(home);
      if (feature.isEmpty() || !SUPPORTED.contains(feature.get()) || !Files.isExecutable(javaIn(home))) {
        throw new SandboxException(ENV + "=" + fromEnv + " is not a JDK 11 or 17 (found "
            + feature.map(String::valueOf).orElse("no readable 'release' file or bin/java")
            + "). Point it at a JDK 11 or 17 home, which Cassandra 5.0 needs.");
      }
      return javaIn(home);
    }
    Path current = Path.of(System.getProperty("java.home"));
    if (SUPPORTED.contains(Runtime.version().feature()) && Files.isExecutable(javaIn(current))) {
      return javaIn(current);
    }
    return installedJdk17().orElseThrow(() -> new SandboxException(
        "Cassandra 5.0 runs on Java 11 or 17 only, but this JVM is Java " + Runtime.version().feature()
            + " and no JDK 17 was found under /usr/lib/jvm. Install a JDK 17 or set " + ENV + " to one."));
  }

  private static Optional<Path> installedJdk17() {
    Path root = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(root)) {
      return homes.sorted()
          .filter(home -> featureVersion(home).orElse(0) == 17)
          .filter(home -> Files.isExecutable(javaIn(home)))
          .map(CassandraJava::javaIn)
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Reads JAVA_VERSION from the JDK's {@code release} file rather than running it, which is slow. */
  static Optional<Integer> featureVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (var in = Files.newBufferedReader(release)) {
      props.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    String version = props.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
    if (version.isEmpty()) {
      return Optional.empty();
    }
    String first = version.split("[.+\\-]")[0];
    try {
      int feature = Integer.parseInt(first);
      // "1.8.0" style: the feature version is the second component
      return Optional.of(feature == 1 ? Integer.parseInt(version.split("\\.")[1]) : feature);
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** The exact runtime version of the JDK that {@code java} belongs to, or "" when unknown. */
  static String runtimeVersion(Path java) {
    Path release = java.toAbsolutePath().getParent().getParent().resolve("release");
    Properties props = new Properties();
    try (var in = Files.newBufferedReader(release)) {
      props.load(in);
    } catch (IOException e) {
      return "";
    }
    return props.getProperty("JAVA_RUNTIME_VERSION", props.getProperty("JAVA_VERSION", "")).replace("\"", "");
  }

  private static Path javaIn(Path home) {
    return home.resolve("bin").resolve("java");
  }
}
