package io.github.fulcrumlb.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import picocli.CommandLine;

/**
 * A {@code fulcrum udp} started by a test on a thread of its own, writing to the test's {@code out}
 * and {@code err}; {@code udp.requestStop()} ends it, {@code exit} is its exit code.
 *
 * <pre>{@code
 * UdpRun run = UdpRun.onLoopback(pool, out, err, backends, "--strategy", "p2c");
 * int port = CliOutput.awaitPort(out, err, listening, Duration.ofSeconds(20), run.exit());
 * }</pre>
 */
record UdpRun(UdpCommand udp, Future<Integer> exit) {

  /** Runs {@code fulcrum udp ARGS...} on {@code pool}. */
  static UdpRun start(ExecutorService pool, StringWriter out, StringWriter err, String... args) {
    CommandLine cl = FulcrumCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    UdpCommand udp = cl.getSubcommands().get("udp").getCommand();
    String[] line = new String[args.length + 1];
    line[0] = "udp";
    System.arraycopy(args, 0, line, 1, args.length);
    return new UdpRun(udp, pool.submit(() -> cl.execute(line)));
  }

  /**
   * Runs {@code fulcrum udp --listen 127.0.0.1:0 --backend BACKENDS MORE...} on {@code pool}: a
   * balancer on a free loopback port.
   */
  static UdpRun onLoopback(
      ExecutorService pool, StringWriter out, StringWriter err, String backends, String... more) {
    String[] args = new String[more.length + 4];
    args[0] = "--listen";
    args[1] = "127.0.0.1:0";
    args[2] = "--backend";
    args[3] = backends;
    System.arraycopy(more, 0, args, 4, more.length);
    return start(pool, out, err, args);
  }
}
