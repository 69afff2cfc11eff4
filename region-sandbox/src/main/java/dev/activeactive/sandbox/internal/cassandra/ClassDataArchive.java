package dev.activeactive.sandbox.internal.cassandra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application class-data-sharing archive of Cassandra's classes, kept in the user's cache directory. Most
 * of a node's start-up is spent loading and verifying some ten thousand classes; mapping them from an
 * archive instead roughly halves the CPU a node needs to come up, which is what counts on a small machine
 * starting two nodes at once.
 *
 * <p>The first node to run without an archive records one when it exits gracefully (JDK 17 has no automatic
 * archive creation). A stale or mismatching archive is harmless: the JVM checks it and ignores it.
 */
final class ClassDataArchive {
  private static final Logger log = LoggerFactory.getLogger(ClassDataArchive.class);
  /** Set to {@code false} to start nodes without class data sharing. */
  static final String ENABLED_ENV = "SANDBOX_CASSANDRA_CDS";

  private final Path archive;
  private final boolean enabled;

  private ClassDataArchive(Path archive, boolean enabled) {
    this.archive = archive;
    this.enabled = enabled;
  }

  /** The archive for this JDK and classpath: either changes the classes, so either changes the key. */
  static ClassDataArchive forRuntime(Path java, String classpath) {
    boolean enabled = !"false".equalsIgnoreCase(System.getenv(ENABLED_ENV));
    String key = sha256(java.toAbsolutePath() + "\n" + CassandraJava.runtimeVersion(java) + "\n" + classpath);
    return new ClassDataArchive(cacheDir().resolve("cassandra-" + key.substring(0, 16) + ".jsa"), enabled);
  }

  /** JVM options for one node: use the archive, or record one at exit into a file of the node's own. */
  List<String> jvmOptions(String nodeName) {
    if (!enabled) {
      return List.of();
    }
    if (Files.isReadable(archive)) {
      return List.of("-XX:SharedArchiveFile=" + archive);
    }
    try {
      Files.createDirectories(archive.getParent());
    } catch (IOException e) {
      log.debug("no class data archive: cannot create {}: {}", archive.getParent(), e.getMessage());
      return List.of();
    }
    return List.of("-XX:ArchiveClassesAtExit=" + recording(nodeName));
  }

  /**
   * After a node's JVM has exited: publishes the archive it recorded, if any and if no other node was first.
   * Nodes record into files of their own because two JVMs writing one file would corrupt it.
   */
  void publish(String nodeName) {
    Path recording = recording(nodeName);
    try {
      if (Files.size(recording) > 0 && !Files.exists(archive)) {
        Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE);
        log.info("Recorded Cassandra class data archive {}; later node starts use it", archive);
      }
    } catch (IOException e) {
      // no recording (the node was killed) or another node published first: nothing to do
    } finally {
      try {
        Files.deleteIfExists(recording);
      } catch (IOException ignored) {
        // a leftover recording is overwritten by the next one
      }
    }
  }

  private Path recording(String nodeName) {
    return archive.resolveSibling(archive.getFileName() + "." + nodeName + "." + ProcessHandle.current().pid());
  }

  private static Path cacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("active-active");
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
