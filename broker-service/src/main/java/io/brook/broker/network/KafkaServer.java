package io.brook.broker.network;

import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * The Kafka listener: a Reactor Netty TCP server whose connections carry length-prefixed Kafka frames.
 *
 * <p>Each connection gets a {@link KafkaFrameDecoder} and a {@link KafkaConnectionHandler}; event loops only frame,
 * parse and write, and every request is served on the request pool. Native epoll (and so {@code sendfile} for
 * fetches) is used where available. Not thread-safe: start and stop from one thread.
 */
public final class KafkaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaServer.class);

    private final NetworkConfig config;
    private final RequestProcessor processor;
    private final Executor requestPool;
    private final ConnectionListener connections;
    private LoopResources loops;
    private DisposableServer server;

    public KafkaServer(
            NetworkConfig config, RequestProcessor processor, Executor requestPool, ConnectionListener connections) {
        this.config = config;
        this.processor = processor;
        this.requestPool = requestPool;
        this.connections = connections;
    }

    public InetSocketAddress start() {
        loops = LoopResources.create("brook-kafka", 1, config.eventLoopThreads(), true);
        server = TcpServer.create()
                .host(config.host())
                .port(config.port())
                .runOn(loops)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .doOnConnection(connection -> connection
                        .addHandlerLast("kafka-frame", new KafkaFrameDecoder(config.maxRequestBytes()))
                        .addHandlerLast(
                                "kafka-request",
                                new KafkaConnectionHandler(
                                        processor, requestPool, config.maxInFlightPerConnection(), connections)))
                // Frames are consumed by the handlers above; subscribing keeps reads flowing until the peer leaves.
                .handle((inbound, outbound) -> inbound.receive().then())
                .bindNow(Duration.ofSeconds(30));
        InetSocketAddress address = (InetSocketAddress) server.address();
        log.info("Kafka listener on {}:{}", address.getHostString(), address.getPort());
        return address;
    }

    @Override
    public void close() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(10));
            server = null;
        }
        if (loops != null) {
            loops.dispose();
            loops = null;
        }
    }
}
