package io.brook.broker;

import io.brook.broker.cluster.ClusterConfig;
import io.brook.broker.cluster.ControllerMetadataStore;
import io.brook.broker.group.GroupConfig;
import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.GroupLagMetrics;
import io.brook.broker.group.GroupScheduler;
import io.brook.broker.group.MetadataConsumerTopics;
import io.brook.broker.group.OffsetsTopicCreator;
import io.brook.broker.group.PartitionCoordinatorLog;
import io.brook.broker.handler.ApiDispatcher;
import io.brook.broker.handler.ApiVersionsHandler;
import io.brook.broker.handler.BrokerRequestProcessor;
import io.brook.broker.handler.ConsumerGroupDescribeHandler;
import io.brook.broker.handler.ConsumerGroupHeartbeatHandler;
import io.brook.broker.handler.CreatePartitionsHandler;
import io.brook.broker.handler.CreateTopicsHandler;
import io.brook.broker.handler.DeleteGroupsHandler;
import io.brook.broker.handler.DeleteRecordsHandler;
import io.brook.broker.handler.DeleteTopicsHandler;
import io.brook.broker.handler.DescribeClusterHandler;
import io.brook.broker.handler.DescribeConfigsHandler;
import io.brook.broker.handler.DescribeGroupsHandler;
import io.brook.broker.handler.FetchHandler;
import io.brook.broker.handler.FindCoordinatorHandler;
import io.brook.broker.handler.HeartbeatHandler;
import io.brook.broker.handler.IncrementalAlterConfigsHandler;
import io.brook.broker.handler.InitProducerIdHandler;
import io.brook.broker.handler.JoinGroupHandler;
import io.brook.broker.handler.LeaveGroupHandler;
import io.brook.broker.handler.ListGroupsHandler;
import io.brook.broker.handler.ListOffsetsHandler;
import io.brook.broker.handler.MetadataHandler;
import io.brook.broker.handler.OffsetCommitHandler;
import io.brook.broker.handler.OffsetDeleteHandler;
import io.brook.broker.handler.OffsetFetchHandler;
import io.brook.broker.handler.OffsetForLeaderEpochHandler;
import io.brook.broker.handler.ProduceHandler;
import io.brook.broker.handler.RequestHandler;
import io.brook.broker.handler.SyncGroupHandler;
import io.brook.broker.metadata.BrokerImage;
import io.brook.broker.metadata.LocalMetadataStore;
import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicConfigs;
import io.brook.broker.metrics.BrokerMetrics;
import io.brook.broker.network.KafkaServer;
import io.brook.broker.partition.PartitionManager;
import io.brook.broker.producer.ProducerIdManager;
import io.brook.broker.replica.IsrManager;
import io.brook.broker.replica.ReplicaFetcherConfig;
import io.brook.broker.replica.ReplicaFetcherManager;
import io.brook.storage.LogManager;
import io.brook.storage.LogManagerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Brook broker: the storage engine, the metadata, the partitions it leads, the API handlers and the Kafka
 * listener, assembled and started in dependency order and stopped in reverse. Plain Java, so the Spring Boot
 * service and the testkit host the same broker.
 *
 * <p>Start-up: open metadata → open and recover logs → take up partitions → create {@code __consumer_offsets} if
 * missing and load the group coordinator from it → bind the listener → register the bound endpoint in the
 * metadata (as a cluster broker registers with the controller). Shutdown: stop accepting requests → stop the
 * coordinator and request threads → close logs cleanly (checkpoints and the clean-shutdown marker).
 * Not thread-safe: start and close from one thread.
 */
public final class BrokerServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerServer.class);

    private final BrokerConfig config;
    private final BrokerMetrics metrics;
    private final Clock clock;
    private LogManager logManager;
    private MetadataStore metadata;
    private ExecutorService requestPool;
    private ExecutorService groupPool;
    private GroupCoordinator groupCoordinator;
    private OffsetsTopicCreator offsetsTopic;
    private ReplicaFetcherManager replicaFetchers;
    private ScheduledExecutorService timer;
    private KafkaServer kafkaServer;
    private volatile InetSocketAddress kafkaAddress;

    public BrokerServer(BrokerConfig config, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.metrics = new BrokerMetrics(registry);
        this.clock = clock;
    }

    public synchronized InetSocketAddress start() {
        if (kafkaAddress != null) {
            return kafkaAddress;
        }
        var scheduler = new ScheduledThreadPoolExecutor(1, threads("brook-timer-"));
        scheduler.setRemoveOnCancelPolicy(true);
        timer = scheduler;
        metadata = openMetadata();
        var topicConfigs = TopicConfigs.fromNames(config.topicDefaults());
        logManager = new LogManager(
                new LogManagerConfig(
                        config.dataDir(), 2, config.retentionCheckIntervalMs(), config.fileDeleteDelayMs()),
                clock,
                (partition, nanos) -> metrics.flushTimer().record(nanos, TimeUnit.NANOSECONDS));
        var partitions = new PartitionManager(
                config.nodeId(), logManager, topicConfigs, config.cluster().clustered(), clock::millis);
        if (metadata instanceof ControllerMetadataStore clustered) {
            startReplication(clustered, partitions);
        }
        partitions.startup(metadata.image());
        metadata.addListener(partitions);

        requestPool = Executors.newFixedThreadPool(config.requestThreads(), threads("brook-request-"));

        groupPool = Executors.newFixedThreadPool(2, threads("brook-group-"));
        groupCoordinator = startGroupCoordinator(partitions);

        var producerIds =
                new ProducerIdManager(config.dataDir(), config.cluster().clustered() ? config.nodeId() : 0);
        var handlers = handlers(topicConfigs, partitions, producerIds);
        var advertised = new AtomicReference<List<ApiVersion>>(List.of());
        var apiVersions = new ApiVersionsHandler(advertised::get);
        handlers.add(apiVersions);
        var dispatcher = new ApiDispatcher(handlers);
        advertised.set(dispatcher.apiVersions());
        var processor = new BrokerRequestProcessor(dispatcher, apiVersions, metrics);

        kafkaServer = new KafkaServer(config.network(), processor, requestPool, metrics);
        InetSocketAddress bound = kafkaServer.start();
        metadata.registerBroker(new BrokerImage(config.nodeId(), config.advertisedHost(), bound.getPort(), null))
                .join();
        kafkaAddress = bound;
        log.info(
                "Broker {} serving Kafka clients on {}:{}, data in {}",
                config.nodeId(),
                config.advertisedHost(),
                bound.getPort(),
                config.dataDir().toAbsolutePath());
        return bound;
    }

    /**
     * Followers fetch from their leaders; leaders check their ISRs every quarter of the lag limit (at most every
     * 250 ms, so a caught-up follower rejoins promptly).
     */
    private void startReplication(ControllerMetadataStore clustered, PartitionManager partitions) {
        ClusterConfig cluster = config.cluster();
        replicaFetchers = new ReplicaFetcherManager(
                config.nodeId(),
                new ReplicaFetcherConfig(
                        cluster.replicaFetchWaitMaxMs(),
                        cluster.replicaFetchMaxBytes(),
                        Math.max(cluster.replicaFetchMaxBytes(), 10 * 1024 * 1024),
                        cluster.controllerRequestTimeoutMs(),
                        clustered::brokerEpoch),
                id -> Optional.ofNullable(metadata.image().brokers().get(id))
                        .map(b -> new InetSocketAddress(b.host(), b.port())));
        partitions.setFollowerRegistry(replicaFetchers);
        var isr = new IsrManager(
                config.nodeId(),
                clustered::brokerEpoch,
                cluster.replicaLagTimeMaxMs(),
                partitions::ledPartitions,
                record -> clustered
                        .client()
                        .post("/internal/v1/records", record)
                        .thenApply(answer -> Errors.valueOf(answer.path("error").asString("UNKNOWN_SERVER_ERROR"))));
        long period = Math.max(50, Math.min(250, cluster.replicaLagTimeMaxMs() / 4));
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        isr.check();
                    } catch (RuntimeException e) {
                        log.warn("ISR check failed", e);
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
    }

    /**
     * A single node keeps its metadata in its data folder; a cluster member follows the controllers' metadata log
     * (waiting for a controller to answer) before it opens any log.
     */
    private MetadataStore openMetadata() {
        if (!config.cluster().clustered()) {
            return new LocalMetadataStore(config.dataDir(), config.nodeId());
        }
        var store = new ControllerMetadataStore(config.nodeId(), config.cluster(), timer);
        store.start(Duration.ofSeconds(60));
        return store;
    }

    /**
     * Creates the offsets topic on first start of a single node (a cluster creates it on the first FindCoordinator,
     * once brokers have registered), then loads a coordinator shard for each of its partitions led here
     * before any client can connect.
     */
    private GroupCoordinator startGroupCoordinator(PartitionManager partitions) {
        GroupConfig groups = config.groupConfig();
        offsetsTopic = new OffsetsTopicCreator(
                metadata, groups.offsetsTopicPartitions(), config.cluster().offsetsTopicReplicationFactor());
        if (!config.cluster().clustered()
                && metadata.image().topic(GroupConfig.OFFSETS_TOPIC).isEmpty()) {
            metadata.createTopic(
                            GroupConfig.OFFSETS_TOPIC,
                            groups.offsetsTopicPartitions(),
                            (short) -1,
                            OffsetsTopicCreator.CONFIGS,
                            false)
                    .join();
        }
        var lag = new GroupLagMetrics(
                metrics.registry(),
                tp -> partitions
                        .partition(tp)
                        .map(p -> OptionalLong.of(p.log().highWatermark()))
                        .orElse(OptionalLong.empty()));
        var coordinator = new GroupCoordinator(
                config.nodeId(),
                groups,
                config.consumerGroupConfig(),
                new MetadataConsumerTopics(metadata::image),
                p -> partitions
                        .partition(new TopicPartition(GroupConfig.OFFSETS_TOPIC, p))
                        .map(PartitionCoordinatorLog::new),
                groupPool,
                GroupScheduler.of(timer),
                clock,
                () -> Uuid.randomUuid().toString(),
                lag);
        metadata.addListener(coordinator);
        coordinator.startup(metadata.image()).join();
        return coordinator;
    }

    private List<RequestHandler<?>> handlers(
            TopicConfigs topicConfigs, PartitionManager partitions, ProducerIdManager producerIds) {
        List<RequestHandler<?>> handlers = new ArrayList<>();
        handlers.add(new MetadataHandler(metadata, config.autoCreateTopics(), config.defaultPartitions()));
        handlers.add(new ProduceHandler(metadata, partitions, metrics));
        handlers.add(new FetchHandler(metadata, partitions, metrics, requestPool, timer));
        handlers.add(new ListOffsetsHandler(metadata, partitions));
        handlers.add(new CreateTopicsHandler(metadata, topicConfigs, config.nodeId(), config.defaultPartitions()));
        handlers.add(new DeleteTopicsHandler(metadata));
        handlers.add(new CreatePartitionsHandler(metadata, config.nodeId()));
        handlers.add(new DescribeConfigsHandler(metadata, topicConfigs, config.nodeId(), brokerConfigs()));
        handlers.add(new IncrementalAlterConfigsHandler(metadata, topicConfigs, config.nodeId()));
        handlers.add(new DescribeClusterHandler(metadata));
        handlers.add(new DeleteRecordsHandler(partitions));
        handlers.add(new OffsetForLeaderEpochHandler(partitions));
        handlers.add(new InitProducerIdHandler(producerIds));
        handlers.add(new FindCoordinatorHandler(metadata, groupCoordinator, offsetsTopic));
        handlers.add(new JoinGroupHandler(groupCoordinator));
        handlers.add(new SyncGroupHandler(groupCoordinator));
        handlers.add(new HeartbeatHandler(groupCoordinator));
        handlers.add(new LeaveGroupHandler(groupCoordinator));
        handlers.add(new OffsetCommitHandler(metadata, groupCoordinator));
        handlers.add(new OffsetFetchHandler(metadata, groupCoordinator));
        handlers.add(new OffsetDeleteHandler(groupCoordinator));
        handlers.add(new ListGroupsHandler(groupCoordinator));
        handlers.add(new DescribeGroupsHandler(groupCoordinator));
        handlers.add(new DeleteGroupsHandler(groupCoordinator));
        handlers.add(new ConsumerGroupHeartbeatHandler(groupCoordinator));
        handlers.add(new ConsumerGroupDescribeHandler(groupCoordinator));
        return handlers;
    }

    /** The static broker settings DescribeConfigs reports for this broker, by Kafka name. */
    private Map<String, String> brokerConfigs() {
        Map<String, String> configs = new TreeMap<>();
        configs.put("broker.id", Integer.toString(config.nodeId()));
        configs.put("node.id", Integer.toString(config.nodeId()));
        configs.put("log.dirs", config.dataDir().toAbsolutePath().toString());
        configs.put("num.partitions", Integer.toString(config.defaultPartitions()));
        configs.put("auto.create.topics.enable", Boolean.toString(config.autoCreateTopics()));
        configs.put(
                "socket.request.max.bytes", Integer.toString(config.network().maxRequestBytes()));
        configs.put("num.io.threads", Integer.toString(config.requestThreads()));
        configs.put("num.network.threads", Integer.toString(config.network().eventLoopThreads()));
        return configs;
    }

    /** The bound Kafka listener, or null before start. */
    public InetSocketAddress kafkaAddress() {
        return kafkaAddress;
    }

    /** The storage engine of a running broker, for operations tools and tests (cleaning, retention passes). */
    public LogManager logManager() {
        return logManager;
    }

    public boolean isServing() {
        return kafkaAddress != null;
    }

    public BrokerConfig config() {
        return config;
    }

    /** Stops the broker; a no-op when it is not running, so Spring's lifecycle and destroy callbacks may both call it. */
    @Override
    public synchronized void close() {
        if (kafkaServer == null && logManager == null) {
            return;
        }
        kafkaAddress = null;
        if (metadata instanceof ControllerMetadataStore clustered) {
            clustered.shutdownGracefully(Duration.ofSeconds(5));
        }
        if (kafkaServer != null) {
            kafkaServer.close();
            kafkaServer = null;
        }
        if (replicaFetchers != null) {
            replicaFetchers.close();
            replicaFetchers = null;
        }
        if (groupCoordinator != null) {
            groupCoordinator.close();
            groupCoordinator = null;
        }
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (groupPool != null) {
            groupPool.shutdown();
            awaitQuietly(groupPool);
            groupPool = null;
        }
        if (requestPool != null) {
            requestPool.shutdown();
            awaitQuietly(requestPool);
            requestPool = null;
        }
        if (logManager != null) {
            logManager.close();
            logManager = null;
        }
        if (metadata != null) {
            metadata.close();
            metadata = null;
        }
        log.info("Broker {} stopped", config.nodeId());
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        var counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
