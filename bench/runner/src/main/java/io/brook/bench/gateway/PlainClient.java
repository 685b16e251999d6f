package io.brook.bench.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.nio.channels.spi.SelectorProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The bench's HTTP load clients' connections: plain Netty (epoll where available) on {@code threads} event loop threads,
 * connections spread over the threads in turn by Netty's group, each with one handler that speaks HTTP/1.1 itself
 * ({@link ChunkedSseHandler}, {@link ProducePoster}). A full HTTP client stack costs several times their work per
 * event, and the clients share the machine with the gateway they measure.
 */
final class PlainClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final String host;
    private final int port;
    private final List<Channel> channels = new CopyOnWriteArrayList<>();

    /** A client whose threads wait for readiness in {@code epoll_wait}, as Netty's do. */
    PlainClient(URI base, int threads, String threadName) {
        this(base, threads, threadName, DefaultSelectStrategyFactory.INSTANCE);
    }

    /**
     * A client whose threads never wait in {@code epoll_wait}: when nothing is ready they sleep {@code pollMillis}
     * and look again, then read every socket that became ready meanwhile in one pass. A sender's write to a socket
     * whose reader sleeps outside {@code epoll_wait} wakes nobody, so a fan-out to thousands of this client's
     * sockets costs the sender (the gateway) no wake-up per event and this client no wake-up per socket, for at most
     * {@code pollMillis} more latency, counted in what it measures.
     */
    static PlainClient polling(URI base, int threads, String threadName, long pollMillis) {
        long sleepNanos = TimeUnit.MILLISECONDS.toNanos(pollMillis);
        SelectStrategy strategy = (readyNow, hasTasks) -> {
            int ready = readyNow.get();
            if (ready > 0 || hasTasks) {
                return ready;
            }
            LockSupport.parkNanos(sleepNanos);
            return SelectStrategy.CONTINUE;
        };
        return new PlainClient(base, threads, threadName, () -> strategy);
    }

    private PlainClient(URI base, int threads, String threadName, SelectStrategyFactory strategies) {
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(
                threads,
                new DefaultThreadFactory(threadName, true),
                epoll
                        ? EpollIoHandler.newFactory(0, strategies)
                        : NioIoHandler.newFactory(SelectorProvider.provider(), strategies));
        this.host = base.getHost();
        this.port = base.getPort();
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** Opens a connection run by {@code handler}; the future fails if it cannot connect. */
    ChannelFuture connect(ChannelHandler handler) {
        ChannelFuture connected = bootstrap.clone().handler(handler).connect(host, port);
        channels.add(connected.channel());
        return connected;
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
