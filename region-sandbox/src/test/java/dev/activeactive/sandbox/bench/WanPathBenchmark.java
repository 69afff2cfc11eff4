package dev.activeactive.sandbox.bench;

import dev.activeactive.sandbox.api.WanProfile;
import dev.activeactive.sandbox.internal.net.TcpProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bulk throughput through one WAN path, against the same path at 0 ms in the same run: a 256 MB one-way transfer
 * to a sink behind the path, per profile, in alternating rounds; medians. Arguments: rounds (default 5), MB per
 * transfer (default 256), then the profiles to compare with {@code none} (default {@code one-way=32ms} and the
 * default profile).
 */
public final class WanPathBenchmark {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    List<WanProfile> profiles = new ArrayList<>(List.of(WanProfile.NONE));
    if (args.length > 2) {
      for (int i = 2; i < args.length; i++) {
        profiles.add(WanProfile.parse(args[i]));
      }
    } else {
      profiles.add(WanProfile.parse("one-way=32ms"));
      profiles.add(WanProfile.DEFAULT);
    }
    try (ServerSocket sink = sink(); TcpProxy path = new TcpProxy("bench", "127.0.0.1",
        (InetSocketAddress) sink.getLocalSocketAddress()).start()) {
      List<List<Double>> results = new ArrayList<>();
      profiles.forEach(p -> results.add(new ArrayList<>()));
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < profiles.size(); i++) {
          path.setProfile(profiles.get(i));
          results.get(i).add(transfer(path, megabytes));
        }
      }
      double baseline = median(results.get(0));
      System.out.printf(Locale.ROOT, "bulk transfer of %d MB through one path, median of %d rounds:%n", megabytes,
          rounds);
      for (int i = 0; i < profiles.size(); i++) {
        double mbs = median(results.get(i));
        System.out.printf(Locale.ROOT, "  %-60s %7.0f MB/s  %.2fx none%n", profiles.get(i).describe(), mbs,
            mbs / baseline);
      }
    }
  }

  /** Accepts connections and reads them to the end; answers one byte at the end so the sender can time it. */
  private static ServerSocket sink() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
          byte[] buffer = new byte[256 * 1024];
          long total = new java.io.DataInputStream(in).readLong();
          long seen = 0;
          while (seen < total) {
            int n = in.read(buffer);
            if (n < 0) {
              break;
            }
            seen += n;
          }
          out.write(1);
        } catch (IOException e) {
          // next connection
        }
      }
    }, "sink");
    t.setDaemon(true);
    t.start();
    return server;
  }

  /** MB/s of one transfer, from the first byte sent to the sink's answer (which crosses the path back). */
  private static double transfer(TcpProxy path, int megabytes) throws IOException {
    long total = megabytes * 1_000_000L;
    try (Socket s = new Socket()) {
      s.connect(path.address());
      OutputStream out = s.getOutputStream();
      byte[] block = new byte[256 * 1024];
      long start = System.nanoTime();
      new java.io.DataOutputStream(out).writeLong(total);
      for (long sent = 0; sent < total; sent += block.length) {
        out.write(block, 0, (int) Math.min(block.length, total - sent));
      }
      if (s.getInputStream().read() != 1) {
        throw new IOException("sink did not answer");
      }
      return total / 1e6 / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
