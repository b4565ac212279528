package io.github.fulcrumlb.examples.udpbench;

import io.github.fulcrumlb.netty.internal.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A bounded closed-loop UDP load generator: {@code outstanding} client sockets, each with exactly
 * one request in flight; a reply (matched by sequence number) or a timeout (counted as lost) sends
 * the next. Runs a warm-up, then measures for a fixed time, then stops by itself. Prints one line:
 *
 * <pre>{@code
 * RESULT label outstanding replies_per_s p50_us p99_us p999_us loss_percent replies lost
 * java -cp ... io.github.fulcrumlb.examples.udpbench.UdpLoadGenerator \
 *     --target 127.0.0.1:5300 --outstanding 16 --seconds 10 --warmup 2 --size 64 --label fulcrum
 * }</pre>
 *
 * <p>Clients are spread over the targets in turn (several targets: "direct" to the backends). One
 * event loop thread, latencies in an HdrHistogram (1 µs to 10 s, 3 digits).
 */
public final class UdpLoadGenerator {
  private final List<InetSocketAddress> targets = new ArrayList<>();
  private int outstanding = 16;
  private double seconds = 10;
  private double warmup = 2;
  private int size = 64;
  private long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(200);
  private String label = "run";

  private final Histogram histogram = new Histogram(1, TimeUnit.SECONDS.toNanos(10), 3);
  private volatile boolean measuring;
  private volatile boolean stopping;
  private long replies;
  private long lost;

  private UdpLoadGenerator() {}

  /** See the class documentation for the options. */
  public static void main(String[] args) throws Exception {
    UdpLoadGenerator g = new UdpLoadGenerator();
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--target" -> {
          for (String t : v.split(",")) {
            int c = t.lastIndexOf(':');
            g.targets.add(
                new InetSocketAddress(
                    InetAddress.getByName(t.substring(0, c)),
                    Integer.parseInt(t.substring(c + 1))));
          }
        }
        case "--outstanding" -> g.outstanding = Integer.parseInt(v);
        case "--seconds" -> g.seconds = Double.parseDouble(v);
        case "--warmup" -> g.warmup = Double.parseDouble(v);
        case "--size" -> g.size = Math.max(8, Integer.parseInt(v));
        case "--timeout-ms" -> g.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(v));
        case "--label" -> g.label = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (g.targets.isEmpty()) {
      throw new IllegalArgumentException("--target HOST:PORT[,HOST:PORT...] is required");
    }
    g.run();
  }

  private void run() throws Exception {
    NettyTransport transport = NettyTransport.select(true);
    EventLoopGroup group = transport.newGroup(1, new DefaultThreadFactory("loadgen", true));
    EventLoop loop = group.next();
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < outstanding; i++) {
      Client c = new Client();
      Channel ch =
          new Bootstrap()
              .group(loop)
              .channel(transport.channelClass())
              .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
              .handler(c)
              .connect(targets.get(i % targets.size()), new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      c.channel = ch;
      clients.add(c);
    }
    loop.submit(() -> clients.forEach(Client::sendNext)).sync();
    io.netty.util.concurrent.ScheduledFuture<?> timeouts =
        loop.scheduleAtFixedRate(
            () -> {
              long now = System.nanoTime();
              for (Client c : clients) {
                if (now - c.sentAt > timeoutNanos) {
                  if (measuring) {
                    lost++;
                  }
                  c.sendNext();
                }
              }
            },
            10,
            10,
            TimeUnit.MILLISECONDS);
    Thread.sleep((long) (warmup * 1000));
    long[] start = new long[1];
    loop.submit(
            () -> {
              histogram.reset();
              replies = 0;
              lost = 0;
              measuring = true;
              start[0] = System.nanoTime();
            })
        .sync();
    Thread.sleep((long) (seconds * 1000));
    long[] result = new long[3];
    loop.submit(
            () -> {
              measuring = false;
              stopping = true;
              result[0] = replies;
              result[1] = lost;
              result[2] = System.nanoTime() - start[0];
            })
        .sync();
    timeouts.cancel(false);
    CountDownLatch closed = new CountDownLatch(clients.size());
    clients.forEach(c -> c.channel.close().addListener(f -> closed.countDown()));
    closed.await(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    double elapsed = result[2] / 1e9;
    long total = result[0] + result[1];
    System.out.printf(
        Locale.ROOT,
        "RESULT %s %d %.0f %.1f %.1f %.1f %.3f %d %d%n",
        label,
        outstanding,
        result[0] / elapsed,
        histogram.getValueAtPercentile(50) / 1e3,
        histogram.getValueAtPercentile(99) / 1e3,
        histogram.getValueAtPercentile(99.9) / 1e3,
        total == 0 ? 0.0 : 100.0 * result[1] / total,
        result[0],
        result[1]);
  }

  /** One client socket with one request in flight. */
  private final class Client extends ChannelInboundHandlerAdapter {
    Channel channel;
    long seq;
    long sentAt;

    void sendNext() {
      if (stopping) {
        return;
      }
      seq++;
      sentAt = System.nanoTime();
      ByteBuf buf = channel.alloc().directBuffer(size);
      buf.writeLong(seq).writeZero(size - 8);
      channel.writeAndFlush(buf, channel.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        ByteBuf content = msg instanceof DatagramPacket p ? p.content() : (ByteBuf) msg;
        if (content.readableBytes() >= 8 && content.getLong(content.readerIndex()) == seq) {
          long rtt = System.nanoTime() - sentAt;
          if (measuring) {
            replies++;
            histogram.recordValue(Math.max(1, Math.min(rtt, TimeUnit.SECONDS.toNanos(10))));
          }
          sendNext();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // e.g. port unreachable while a target starts: the timeout resends
    }
  }
}
