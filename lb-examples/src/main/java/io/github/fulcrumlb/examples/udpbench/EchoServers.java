package io.github.fulcrumlb.examples.udpbench;

import io.github.fulcrumlb.netty.internal.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * UDP echo servers for the UDP benchmark: {@code N} servers on 127.0.0.1, each on its own Netty
 * event loop (epoll when available), answering every datagram with the same bytes. Prints {@code
 * ports: p1,p2,...} once listening, then runs until killed or until {@code maxSeconds} passed.
 *
 * <pre>{@code
 * java -cp ... io.github.fulcrumlb.examples.udpbench.EchoServers 3 600
 * }</pre>
 */
public final class EchoServers {
  private EchoServers() {}

  /**
   * @param args number of servers (default 3), and the most seconds to run (default 900)
   */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    long maxSeconds = args.length > 1 ? Long.parseLong(args[1]) : 900;
    NettyTransport transport = NettyTransport.select(true);
    EventLoopGroup group = transport.newGroup(n, new DefaultThreadFactory("echo", true));
    List<String> ports = new ArrayList<>();
    for (EventExecutor loop : group) {
      Channel ch =
          new Bootstrap()
              .group((io.netty.channel.EventLoop) loop)
              .channel(transport.channelClass())
              .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
              .option(ChannelOption.SO_RCVBUF, 4 << 20)
              .option(ChannelOption.SO_SNDBUF, 4 << 20)
              .handler(new Echo())
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      ports.add(String.valueOf(((InetSocketAddress) ch.localAddress()).getPort()));
    }
    System.out.println("ports: " + String.join(",", ports));
    System.out.flush();
    group.awaitTermination(maxSeconds, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static final class Echo extends SimpleChannelInboundHandler<DatagramPacket> {
    Echo() {
      super(false); // the content is passed on, not released here
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      ctx.write(new DatagramPacket(packet.content(), packet.sender()), ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }
}
