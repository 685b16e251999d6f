package io.brook.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.controller.EmbeddedController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three controllers in this JVM, each a whole Spring application on its own pre-picked ports, and three stand-in
 * brokers registering and heartbeating over HTTP. The steps build on each other and run in order; the last one stops
 * the Raft leader.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControllerClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);
    private static final int RECENT_RECORDS = 40;

    @TempDir
    static Path dataRoot;

    private static List<EmbeddedController> controllers;
    private static final List<TestBroker> brokers = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        controllers = EmbeddedController.startQuorum(
                3,
                dataRoot,
                Map.of(
                        "brook.controller.cluster-id",
                        "it-cluster",
                        "brook.controller.session-timeout",
                        SESSION_TIMEOUT.toMillis() + "ms",
                        "brook.controller.recent-records",
                        String.valueOf(RECENT_RECORDS),
                        "brook.controller.snapshot-threshold",
                        "25"));
        await().atMost(WAIT).until(() -> leader() != null);
    }

    @AfterAll
    static void stopCluster() {
        brokers.forEach(TestBroker::close);
        if (controllers != null) {
            controllers.forEach(EmbeddedController::close);
        }
    }

    @Test
    @Order(1)
    void brokersRegisterWithAnyControllerAndHeartbeatsUnfenceThem() {
        List<String> urls =
                controllers.stream().map(EmbeddedController::baseUrl).toList();
        for (int id = 1; id <= 3; id++) {
            TestBroker broker = new TestBroker(id, urls);
            // Registration is accepted by any controller, followers included.
            long epoch = broker.register(controllers.get(id - 1).baseUrl());
            assertThat(epoch).isPositive();
            brokers.add(broker);
        }
        brokers.forEach(b -> b.startHeartbeats(300));

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode listed = Http.get(follower().baseUrl() + "/v1/brokers").body();
            assertThat(listed).hasSize(3);
            listed.forEach(b -> assertThat(b.path("fenced").asBoolean()).isFalse());
        });
        assertThat(brokers).allSatisfy(b -> assertThat(b.fenced()).isFalse());

        TestBroker one = brokers.get(0);
        Http.Response misdirected = Http.post(
                follower().baseUrl() + "/internal/v1/brokers/1/heartbeat",
                Map.of("brokerEpoch", one.epoch(), "appliedIndex", one.epoch(), "shuttingDown", false));
        assertProblem(misdirected, 421, "not-controller", "NOT_CONTROLLER");
        assertThat(misdirected.body().path("leaderUrl").asString()).isEqualTo(leader().baseUrl());

        Http.Response stale = Http.post(
                leader().baseUrl() + "/internal/v1/brokers/1/heartbeat",
                Map.of("brokerEpoch", one.epoch() - 1, "appliedIndex", one.epoch(), "shuttingDown", false));
        assertProblem(stale, 409, "stale-broker-epoch", "STALE_BROKER_EPOCH");
    }

    @Test
    @Order(2)
    void topicWithReplicationFactorThreeSpreadsItsLeaders() {
        Http.Response created = Http.post(
                leader().baseUrl() + "/v1/topics",
                Map.of("name", "orders", "partitions", 3, "replicationFactor", 3, "configs", Map.of()));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/v1/topics/orders");
        Set<Integer> leaders = new HashSet<>();
        created.body().path("partitions").forEach(p -> {
            assertThat(p.path("replicas")).hasSize(3);
            assertThat(p.path("isr")).hasSize(3);
            leaders.add(p.path("leader").asInt());
        });
        assertThat(leaders).containsExactlyInAnyOrder(1, 2, 3);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode placement =
                    Http.get(follower().baseUrl() + "/v1/placement").body();
            assertThat(placement).hasSize(3);
            placement.forEach(b -> {
                assertThat(b.path("replicas").asInt()).isEqualTo(3);
                assertThat(b.path("preferredLeaders").asInt()).isEqualTo(1);
                assertThat(b.path("leaders").asInt()).isEqualTo(1);
            });
        });
        // An admin write sent to a follower is carried out by the leader, on the operator's behalf.
        Http.Response viaFollower =
                Http.post(follower().baseUrl() + "/v1/topics", Map.of("name", "elsewhere", "partitions", 1));
        assertThat(viaFollower.status()).isEqualTo(201);
        assertThat(viaFollower.header("Location")).isEqualTo("/v1/topics/elsewhere");
        assertThat(Http.delete(follower().baseUrl() + "/v1/topics/elsewhere").status())
                .isEqualTo(204);
        JsonNode cluster = Http.get(leader().baseUrl() + "/v1/cluster").body();
        assertThat(cluster.path("clusterId").asString()).isEqualTo("it-cluster");
        assertThat(cluster.path("controllerId").asInt()).isEqualTo(leader().nodeId());
        assertThat(cluster.path("topics").asInt()).isEqualTo(1);
        assertThat(cluster.path("unfencedBrokers").asInt()).isEqualTo(3);
    }

    @Test
    @Order(3)
    void errorsAreProblemDetails() {
        assertProblem(
                Http.get(leader().baseUrl() + "/v1/topics/no-such-topic"),
                404,
                "unknown-topic-or-partition",
                "UNKNOWN_TOPIC_OR_PARTITION");
        assertProblem(
                Http.post(leader().baseUrl() + "/v1/topics", Map.of("name", "orders", "partitions", 1)),
                409,
                "topic-already-exists",
                "TOPIC_ALREADY_EXISTS");
        assertProblem(
                Http.post(
                        leader().baseUrl() + "/v1/topics",
                        Map.of("name", "too-wide", "partitions", 1, "replicationFactor", 4)),
                400,
                "invalid-replication-factor",
                "INVALID_REPLICATION_FACTOR");
        assertProblem(
                Http.delete(leader().baseUrl() + "/v1/topics/__consumer_offsets"),
                400,
                "invalid-request",
                "INVALID_REQUEST");
        Http.Response malformed = Http.post(leader().baseUrl() + "/v1/topics", "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
    }

    @Test
    @Order(4)
    void metadataLongPollReturnsRecordsAfterAnIndexAndASnapshotWhenTooOld() throws Exception {
        String follower = follower().baseUrl();
        JsonNode all = Http.get(follower + "/internal/v1/metadata?after=0").body();
        assertThat(all.path("snapshot").isNull()).isTrue();
        List<String> types = new ArrayList<>();
        all.path("records").forEach(r -> types.add(r.path("record").path("type").asString()));
        assertThat(types).contains("RegisterBroker", "UnfenceBroker", "CreateTopic");
        long last = all.path("lastIndex").asLong();
        assertThat(all.path("records")
                        .get(all.path("records").size() - 1)
                        .path("index")
                        .asLong())
                .isEqualTo(last);

        CompletableFuture<Http.Response> poll =
                Http.getAsync(follower + "/internal/v1/metadata?after=" + last + "&timeoutMs=10000", WAIT);
        assertThat(poll).isNotDone();
        long start = System.nanoTime();
        assertThat(Http.post(leader().baseUrl() + "/v1/topics", Map.of("name", "polled", "partitions", 1))
                        .status())
                .isEqualTo(201);
        JsonNode woken = poll.get(WAIT.toSeconds(), TimeUnit.SECONDS).body();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(woken.path("records")).isNotEmpty();
        assertThat(woken.path("records").get(0).path("index").asLong()).isGreaterThan(last);
        assertThat(woken.path("records").get(0).path("record").path("name").asString())
                .isEqualTo("polled");

        long now = woken.path("lastIndex").asLong();
        JsonNode idle = Http.get(follower + "/internal/v1/metadata?after=" + now + "&timeoutMs=200")
                .body();
        assertThat(idle.path("records")).isEmpty();
        assertThat(idle.path("snapshot").isNull()).isTrue();

        for (int i = 0; i < RECENT_RECORDS + 5; i++) {
            Http.Response replaced = Http.put(
                    leader().baseUrl() + "/v1/topics/polled/configs",
                    Map.of("configs", Map.of("retention.ms", String.valueOf(1000 + i))));
            assertThat(replaced.status()).isEqualTo(204);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode old =
                    Http.get(follower + "/internal/v1/metadata?after=" + last).body();
            assertThat(old.path("records")).isEmpty();
            assertThat(old.path("snapshot")
                            .path("topics")
                            .path("polled")
                            .path("configs")
                            .path("retention.ms")
                            .asString())
                    .isEqualTo(String.valueOf(1000 + RECENT_RECORDS + 4));
            assertThat(old.path("lastIndex").asLong())
                    .isEqualTo(old.path("snapshot").path("lastAppliedIndex").asLong());
        });
    }

    @Test
    @Order(5)
    void silentBrokerIsFencedWithinItsSessionAndItsPartitionsMove() {
        JsonNode before = Http.get(leader().baseUrl() + "/v1/topics/orders").body();
        TestBroker silent = brokers.get(2);
        silent.stopHeartbeats();
        long stopped = System.nanoTime();

        await().atMost(SESSION_TIMEOUT.plusSeconds(1))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(Http.get(leader().baseUrl() + "/v1/brokers/3")
                                .body()
                                .path("fenced")
                                .asBoolean())
                        .isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(SESSION_TIMEOUT.plusSeconds(1));

        JsonNode after = Http.get(leader().baseUrl() + "/v1/topics/orders").body();
        for (int p = 0; p < 3; p++) {
            JsonNode was = before.path("partitions").get(p);
            JsonNode now = after.path("partitions").get(p);
            assertThat(now.path("leader").asInt()).isNotEqualTo(3);
            assertThat(now.path("isr").toString()).doesNotContain("3");
            if (was.path("leader").asInt() == 3) {
                assertThat(now.path("leaderEpoch").asInt())
                        .isEqualTo(was.path("leaderEpoch").asInt() + 1);
            } else {
                assertThat(now.path("leader").asInt())
                        .isEqualTo(was.path("leader").asInt());
            }
        }
        assertThat(brokers.get(0).fenced()).isFalse();
        assertThat(brokers.get(1).fenced()).isFalse();
    }

    @Test
    @Order(6)
    void openApiDocumentIsServed() {
        Http.Response docs = Http.get(follower().baseUrl() + "/v3/api-docs");

        assertThat(docs.status()).isEqualTo(200);
        Set<String> operationIds = new HashSet<>();
        docs.body()
                .path("paths")
                .forEach(path -> path.forEach(
                        op -> operationIds.add(op.path("operationId").asString())));
        assertThat(operationIds)
                .contains(
                        "createTopic",
                        "deleteTopic",
                        "getTopic",
                        "listTopics",
                        "createPartitions",
                        "replaceTopicConfigs",
                        "electPreferredLeaders",
                        "getCluster",
                        "getQuorum",
                        "getPlacement",
                        "registerBroker",
                        "brokerHeartbeat",
                        "fetchMetadata",
                        "submitRecord");
        assertThat(docs.body().path("components").path("schemas").has("Problem"))
                .isTrue();
        JsonNode health =
                Http.get(follower().baseUrl() + "/actuator/health/readiness").body();
        assertThat(health.path("status").asString()).isEqualTo("UP");
    }

    @Test
    @Order(7)
    void leaderFailoverKeepsTheStateAndAdminWritesWorkAgain() {
        EmbeddedController old = leader();
        JsonNode quorumBefore = Http.get(old.baseUrl() + "/v1/quorum").body();
        old.close();

        await().atMost(WAIT).until(() -> {
            EmbeddedController next = leader();
            return next != null && next != old;
        });
        EmbeddedController next = leader();
        JsonNode quorum = Http.get(next.baseUrl() + "/v1/quorum").body();
        assertThat(quorum.path("role").asString()).isEqualTo("LEADER");
        assertThat(quorum.path("term").asLong())
                .isGreaterThan(quorumBefore.path("term").asLong());
        assertThat(quorum.path("voters")).hasSize(3);

        JsonNode orders = Http.get(next.baseUrl() + "/v1/topics/orders").body();
        assertThat(orders.path("partitions")).hasSize(3);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Http.post(
                                        next.baseUrl() + "/v1/topics",
                                        Map.of("name", "after-failover", "partitions", 2, "replicationFactor", 2))
                                .status())
                        .isEqualTo(201));

        // The heartbeating brokers found the new leader within their fresh session: still unfenced.
        long settled = System.nanoTime() + SESSION_TIMEOUT.plusMillis(500).toNanos();
        await().atMost(WAIT).until(() -> System.nanoTime() > settled);
        JsonNode listed = Http.get(next.baseUrl() + "/v1/brokers").body();
        assertThat(listed.get(0).path("fenced").asBoolean()).isFalse();
        assertThat(listed.get(1).path("fenced").asBoolean()).isFalse();
        assertThat(listed.get(2).path("fenced").asBoolean()).isTrue();
    }

    /** The running controller that says it leads, or null. */
    private static EmbeddedController leader() {
        for (EmbeddedController controller : controllers) {
            if (controller.isRunning() && controller.quorum().isLeader()) {
                return controller;
            }
        }
        return null;
    }

    private static EmbeddedController follower() {
        EmbeddedController leader = leader();
        return controllers.stream()
                .filter(c -> c.isRunning() && c != leader)
                .findFirst()
                .orElseThrow();
    }

    private static void assertProblem(Http.Response response, int status, String type, String kafkaError) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("type").asString()).isEqualTo("https://brook.io/problems/" + type);
        assertThat(response.body().path("status").asInt()).isEqualTo(status);
        assertThat(response.body().path("kafkaError").asString()).isEqualTo(kafkaError);
        assertThat(response.body().path("detail").asString()).isNotBlank();
    }
}
