package dev.activeactive.sandbox.internal.cli;

import static dev.activeactive.sandbox.internal.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxAws;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.SandboxEnvironment;
import dev.activeactive.sandbox.internal.control.ControlServer;
import dev.activeactive.sandbox.internal.control.SandboxStateFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code ./sandbox env} and {@link RegionSandbox#running()} against a sandbox served as {@code ./sandbox up} serves
 * it (control server and state file), checked by using what they print on the real servers.
 */
@RegionSandboxTest(components = {SandboxComponent.MEMCACHED, SandboxComponent.SQS})
class SandboxEnvIT {
  @TempDir Path dir;
  private ControlServer control;

  @BeforeEach
  void serve(RegionSandbox sandbox) throws Exception {
    control = new ControlServer(sandbox, () -> { }).start();
    SandboxStateFile.write(SandboxStateFile.in(dir), sandbox.topology(), control.url(), ProcessHandle.current().pid());
  }

  @AfterEach
  void stop() {
    control.close();
  }

  @Test
  void theVariablesReachTheRegionsOwnServersAndTheOtherRegionsQueue(RegionSandbox sandbox) throws Exception {
    CliRun result = run("env", "us-east-1", "--format", "dotenv", "--dir", dir.toString());
    assertThat(result.exit()).as(result.err()).isZero();
    Map<String, String> env = parseDotenv(result.out());
    assertThat(env).isEqualTo(SandboxEnvironment.of(sandbox.topology(), "us-east-1"));
    assertThat(env.get("ACTIVEACTIVE_ZONES").split(",")).hasSize(sandbox.region("us-east-1").zones().size());

    for (String zone : List.of(env.get("ACTIVEACTIVE_ZONES").split(","))) {
      String hostPort = env.get("ACTIVEACTIVE_ZONE_" + SandboxEnvironment.variablePart(zone.split("=")[0]));
      assertThat(zone.split("=")[1]).isEqualTo(hostPort);
      assertThat(memcachedVersion(hostPort)).startsWith("VERSION ");
    }

    try (SqsClient own = client(env, env.get("AWS_ENDPOINT_URL_SQS"))) {
      own.purgeQueue(b -> b.queueUrl(env.get("ACTIVEACTIVE_QUEUE_URL")));
      own.sendMessage(b -> b.queueUrl(env.get("ACTIVEACTIVE_QUEUE_URL")).messageBody("own"));
      assertThat(receive(own, env.get("ACTIVEACTIVE_QUEUE_URL"))).containsExactly("own");
    }
    assertThat(env.get("ACTIVEACTIVE_REMOTE_REGIONS")).isEqualTo("us-west-2");
    try (SqsClient path = client(env, env.get("ACTIVEACTIVE_REMOTE_US_WEST_2_SQS_ENDPOINT"));
        SqsClient west = SandboxAws.syncClient(sandbox.region("us-west-2"))) {
      String remoteQueue = env.get("ACTIVEACTIVE_REMOTE_US_WEST_2_QUEUE_URL");
      west.purgeQueue(b -> b.queueUrl(remoteQueue));
      path.sendMessage(b -> b.queueUrl(remoteQueue).messageBody("across"));
      assertThat(receive(west, remoteQueue)).containsExactly("across");
    }
  }

  @Test
  void anSdkClientFromTheDefaultProvidersAloneSendsToTheRegionsQueue(RegionSandbox sandbox) throws Exception {
    Map<String, String> env = parseDotenv(run("env", "us-west-2", "--format", "dotenv", "--dir", dir.toString()).out());
    ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), EnvSqsSender.class.getName(), "from the environment")
        .redirectErrorStream(true);
    child.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    child.environment().putAll(env);
    Process process = child.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    try (SqsClient west = SandboxAws.syncClient(sandbox.region("us-west-2"))) {
      assertThat(receive(west, env.get("ACTIVEACTIVE_QUEUE_URL"))).contains("from the environment");
    }
  }

  @Test
  void shellFormatQuotesEveryValue(RegionSandbox sandbox) {
    CliRun result = run("env", "us-east-1", "--dir", dir.toString());
    assertThat(result.exit()).isZero();
    assertThat(result.out().lines().toList()).allMatch(l -> l.matches("^export [A-Z0-9_]+='[^']*'$"))
        .contains("export ACTIVEACTIVE_REGION='us-east-1'");
  }

  @Test
  void anUnknownRegionOrNoSandboxIsAClearError() throws Exception {
    CliRun unknown = run("env", "eu-central-1", "--dir", dir.toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no region 'eu-central-1'").contains("us-east-1, us-west-2");
    CliRun none = run("env", "us-east-1", "--dir", Files.createTempDirectory("empty").toString());
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("No sandbox is running here").contains("./sandbox up");
  }

  @Test
  void runningFindsTheServedSandboxWithoutStartingOne(RegionSandbox sandbox) {
    String previous = System.getProperty(SandboxStateFile.LOCATION_PROPERTY);
    System.setProperty(SandboxStateFile.LOCATION_PROPERTY, SandboxStateFile.in(dir).toString());
    try {
      RegionSandbox running = RegionSandbox.running().orElseThrow();
      assertThat(running.topology()).isEqualTo(sandbox.topology());
      control.close();
      assertThat(RegionSandbox.running()).isEmpty();
    } finally {
      if (previous == null) {
        System.clearProperty(SandboxStateFile.LOCATION_PROPERTY);
      } else {
        System.setProperty(SandboxStateFile.LOCATION_PROPERTY, previous);
      }
    }
  }

  private static Map<String, String> parseDotenv(String text) {
    Map<String, String> env = new LinkedHashMap<>();
    text.lines().filter(l -> !l.isBlank()).forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return env;
  }

  private static SqsClient client(Map<String, String> env, String endpoint) {
    return SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.of(env.get("AWS_REGION")))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"))))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  private static List<String> receive(SqsClient sqs, String queueUrl) {
    List<String> bodies = new java.util.ArrayList<>();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      for (Message m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages()) {
        bodies.add(m.body());
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
      return !bodies.isEmpty();
    });
    return bodies;
  }

  private static String memcachedVersion(String hostPort) throws Exception {
    String[] hp = hostPort.split(":");
    try (Socket socket = new Socket(hp[0], Integer.parseInt(hp[1]))) {
      socket.setSoTimeout(5_000);
      var writer = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
      writer.write("version\r\n");
      writer.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }
}
