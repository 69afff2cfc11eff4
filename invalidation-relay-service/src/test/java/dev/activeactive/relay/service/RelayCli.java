package dev.activeactive.relay.service;

import dev.activeactive.relay.service.internal.RelayMain;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The relay's command line run in-process against a sandbox region, with a configuration file written for it. */
final class RelayCli {
  private final Path config;

  /** A configuration for {@code region}'s relay accepting the given signing secrets. */
  RelayCli(RegionEndpoints region, byte[]... secrets) throws IOException {
    List<String> zones = new ArrayList<>();
    for (ZoneEndpoint zone : region.zones()) {
      zones.add("{ name = \"" + zone.name() + "\", servers = [\"" + zone.memcachedHostPort() + "\"] }");
    }
    List<String> encoded = new ArrayList<>();
    for (byte[] secret : secrets) {
      encoded.add("\"" + Base64.getEncoder().encodeToString(secret) + "\"");
    }
    config = Files.createTempFile("relay-cli", ".conf");
    Files.writeString(config, "relay {\n"
        + "  region = \"" + region.name() + "\"\n"
        + "  queue = \"" + region.queues().queueUrl() + "\"\n"
        + "  sqs-endpoint = \"" + region.queues().endpoint() + "\"\n"
        + "  zones = [" + String.join(", ", zones) + "]\n"
        + "  signing-secrets = [" + String.join(", ", encoded) + "]\n"
        + "  aws { access-key-id = sandbox, secret-access-key = sandbox }\n"
        + "}\n");
  }

  /** The configuration file written for this region, for a relay command run as its own process. */
  Path config() {
    return config;
  }

  /** What one run printed (stdout and stderr) and its exit code. */
  record Run(int exitCode, String output) {}

  /** Runs {@code invalidation-relay ARGS... --config FILE}. */
  Run run(String... args) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--config");
    all.add(config.toString());
    int code = RelayMain.commandLine().setOut(out).setErr(out).execute(all.toArray(String[]::new));
    out.flush();
    return new Run(code, text.toString());
  }
}
