package dev.activeactive.sandbox.internal.cli;

import dev.activeactive.sandbox.api.ServerStatus;
import dev.activeactive.sandbox.internal.control.RemoteRegionSandbox;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Lists every server of the running sandbox; exits 1 when it is not running or a server is not up. */
@Command(name = "status", description = "List every server of the running sandbox and its state.")
final class StatusCommand implements Callable<Integer> {
  @Mixin
  SandboxDir dir;

  @Override
  public Integer call() {
    var running = dir.running();
    if (running.isEmpty()) {
      System.out.println(SandboxDir.NOT_RUNNING);
      return 1;
    }
    RemoteRegionSandbox sandbox = running.get().sandbox();
    List<ServerStatus> servers = sandbox.status();
    StatusTable.print(servers, System.out);
    System.out.println("WAN between regions: " + sandbox.faults().wan().describe());
    long down = servers.stream().filter(s -> !s.isUp()).count();
    System.out.println(down == 0
        ? "all " + servers.size() + " servers up; endpoints in " + running.get().file()
        : down + " of " + servers.size() + " servers not up");
    return down == 0 ? 0 : 1;
  }
}
