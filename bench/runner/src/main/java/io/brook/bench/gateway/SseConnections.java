package io.brook.bench.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The fan-out client's SSE connections: plain Netty (epoll where available) on {@code threads} event loop threads,
 * each connection a {@link ChunkedSseHandler}. Connections are spread over the threads in turn by Netty's group.
 */
final class SseConnections implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final String host;
    private final int port;
    private final List<Channel> channels = new CopyOnWriteArrayList<>();

    SseConnections(URI base, int threads) {
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(
                threads,
                new DefaultThreadFactory("bench-sse", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.host = base.getHost();
        this.port = base.getPort();
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    /**
     * Opens one stream of {@code path} into {@code subscriber}; a connection that fails (to connect, or with anything
     * but a chunked 200) closes the subscriber and reports why to {@code onError}.
     */
    void open(String path, SseSubscriber subscriber, Consumer<String> onError) {
        bootstrap
                .clone()
                .handler(new ChunkedSseHandler(host, port, path, subscriber, onError))
                .connect(host, port)
                .addListener(future -> {
                    if (future.isSuccess()) {
                        channels.add(((io.netty.channel.ChannelFuture) future).channel());
                    } else {
                        subscriber.close();
                        onError.accept(future.cause().toString());
                    }
                });
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
