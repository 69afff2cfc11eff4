package dev.activeactive.probe.internal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.activeactive.probe.api.CacheAsideResult;
import dev.activeactive.probe.api.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --json} report. One path: the result's fields at the top level. Both paths: {@code mode} is
 * {@code both}, the first (Cassandra) result's fields are at the top level and every result is under
 * {@code results}, so a pipeline reading the top-level keys still works. The cache-aside scenario, when it ran,
 * is under {@code cacheAside}.
 */
public final class JsonReport {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static void write(Path file, List<ProbeResult> results) throws IOException {
    write(file, results, Optional.empty());
  }

  /** As {@link #write(Path, List)}, with the cache-aside scenario's result under {@code cacheAside}. */
  public static void write(Path file, List<ProbeResult> results, Optional<CacheAsideResult> cacheAside)
      throws IOException {
    ObjectNode root = MAPPER.valueToTree(results.get(0));
    if (results.size() > 1) {
      root.put("mode", "both");
      root.set("results", MAPPER.valueToTree(results));
    }
    cacheAside.ifPresent(r -> root.set("cacheAside", MAPPER.valueToTree(r)));
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    MAPPER.writeValue(file.toFile(), root);
  }
}
