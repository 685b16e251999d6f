package io.brook.gateway.it;

import static io.brook.gateway.it.TopicsIT.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

@TestPropertySource(properties = "brook.gateway.consume.heartbeat-interval=1s")
class GroupsIT extends GatewayTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** One record as a client saw it. */
    private record Seen(int partition, long offset, String id) {}

    @Test
    void membersShareTheTopicAndANewMemberResumesAfterTheCommittedOffsets() throws Exception {
        String topic = createTopic("group-sse", 4);
        String group = "group-sse-" + UUID.randomUUID();
        List<ServerSentEvent<String>> first = new CopyOnWriteArrayList<>();
        List<ServerSentEvent<String>> second = new CopyOnWriteArrayList<>();
        Disposable a = subscribe(group, topic, "earliest", first);
        Disposable b = subscribe(group, topic, "earliest", second);

        await("two members with two partitions each").atMost(TIMEOUT).until(() -> {
            ConsumerGroupDescription description = describe(group);
            return description.groupState() == GroupState.STABLE
                    && description.members().size() == 2
                    && description.members().stream()
                            .allMatch(m -> m.assignment().topicPartitions().size() == 2);
        });
        web.get()
                .uri("/v1/groups/{g}", group)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.groupId")
                .isEqualTo(group)
                .jsonPath("$.state")
                .isEqualTo("Stable")
                .jsonPath("$.members.length()")
                .isEqualTo(2)
                .jsonPath("$.members[0].clientId")
                .isNotEmpty()
                .jsonPath("$.members[0].host")
                .isNotEmpty()
                .jsonPath("$.members[0].assignment['" + topic + "'].length()")
                .isEqualTo(2)
                .jsonPath("$.members[1].assignment['" + topic + "'].length()")
                .isEqualTo(2);

        Set<TopicPartition> partitions = partitions(topic, 4);
        Map<TopicPartition, Long> end = produce(topic, 4, 10, "first");

        await("every record delivered to one of the members")
                .atMost(TIMEOUT)
                .until(() -> union(records(first), records(second)).size() == 40);
        a.dispose();
        b.dispose();

        List<Seen> seenFirst = records(first);
        List<Seen> seenSecond = records(second);
        Set<Integer> firstPartitions = partitionsOf(seenFirst);
        Set<Integer> secondPartitions = partitionsOf(seenSecond);
        assertThat(firstPartitions).hasSize(2).doesNotContainAnyElementsOf(secondPartitions);
        assertThat(secondPartitions).hasSize(2);
        for (Seen seen : union(seenFirst, seenSecond)) {
            assertThat(seen.id()).isEqualTo(seen.partition() + ":" + (seen.offset() + 1));
        }
        assertThat(first).anyMatch(event -> "record".equals(event.event()));

        await("both members left").atMost(TIMEOUT).until(() -> describe(group).groupState() == GroupState.EMPTY);
        Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<Integer, Long> delivered = new HashMap<>();
        for (Seen seen : union(seenFirst, seenSecond)) {
            delivered.merge(seen.partition(), seen.offset() + 1, Math::max);
        }
        for (TopicPartition tp : partitions) {
            assertThat(committed.get(tp))
                    .as("committed offset of %s", tp)
                    .isNotNull()
                    .extracting(OffsetAndMetadata::offset)
                    .isEqualTo(delivered.get(tp.partition()))
                    .isEqualTo(end.get(tp));
        }

        produce(topic, 4, 5, "second");
        List<ServerSentEvent<String>> third = new CopyOnWriteArrayList<>();
        Disposable c = subscribe(group, topic, null, third);
        try {
            await("the new member reads what was produced while the group was empty")
                    .atMost(TIMEOUT)
                    .until(() -> records(third).size() >= 20);
            Map<Integer, Long> firstOffsets = new HashMap<>();
            for (Seen seen : records(third)) {
                firstOffsets.merge(seen.partition(), seen.offset(), Math::min);
            }
            for (TopicPartition tp : partitions) {
                assertThat(firstOffsets.get(tp.partition()))
                        .as("first offset read from %s", tp)
                        .isEqualTo(committed.get(tp).offset());
            }
            assertThat(records(third)).hasSize(20);
            await("a heartbeat comment while idle")
                    .atMost(TIMEOUT)
                    .until(() -> third.stream().anyMatch(event -> "heartbeat".equals(event.comment())));
        } finally {
            c.dispose();
        }
    }

    @Test
    void streamingAnUnknownTopicIsAProblem404() {
        expectProblem(
                web.get()
                        .uri("/v1/groups/{g}/events?topics={t}", "group-unknown-topic", "no-such-topic-s")
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .exchange(),
                HttpStatus.NOT_FOUND,
                "topic-not-found");
        String topic = createTopic("group-bad-reset", 1);
        expectProblem(
                web.get()
                        .uri("/v1/groups/{g}/events?topics={t}&reset=middle", "group-bad-reset", topic)
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .exchange(),
                HttpStatus.BAD_REQUEST,
                "bad-request");
    }

    @Test
    void listsAndDescribesAGroupWithItsLag() throws Exception {
        String topic = createTopic("group-lag", 2);
        String group = "group-lag-" + UUID.randomUUID();
        produce(topic, 2, 10, "r");
        TopicPartition p0 = new TopicPartition(topic, 0);
        admin().alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(4, "four")))
                .all()
                .get();

        web.get()
                .uri("/v1/groups")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.groupId == '" + group + "')].state")
                .isEqualTo(List.of("Empty"));
        web.get()
                .uri("/v1/groups/{g}", group)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.state")
                .isEqualTo("Empty")
                .jsonPath("$.members.length()")
                .isEqualTo(0)
                .jsonPath("$.offsets.length()")
                .isEqualTo(1)
                .jsonPath("$.offsets[0].topic")
                .isEqualTo(topic)
                .jsonPath("$.offsets[0].partition")
                .isEqualTo(0)
                .jsonPath("$.offsets[0].committedOffset")
                .isEqualTo(4)
                .jsonPath("$.offsets[0].metadata")
                .isEqualTo("four")
                .jsonPath("$.offsets[0].logEndOffset")
                .isEqualTo(10)
                .jsonPath("$.offsets[0].lag")
                .isEqualTo(6);
    }

    @Test
    void unknownGroupIsAProblem404() {
        String group = "group-missing-" + UUID.randomUUID();
        expectProblem(web.get().uri("/v1/groups/{g}", group).exchange(), HttpStatus.NOT_FOUND, "group-not-found");
        expectProblem(web.delete().uri("/v1/groups/{g}", group).exchange(), HttpStatus.NOT_FOUND, "group-not-found");
    }

    @Test
    void resetsOffsetsOfAnEmptyGroup() throws Exception {
        String topic = createTopic("group-reset", 2);
        String group = "group-reset-" + UUID.randomUUID();
        long before = System.currentTimeMillis();
        produce(topic, 2, 10, "r");

        reset(group, Map.of("topic", topic, "to", "latest"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.groupId")
                .isEqualTo(group)
                .jsonPath("$.offsets.length()")
                .isEqualTo(2)
                .jsonPath("$.offsets[1].partition")
                .isEqualTo(1)
                .jsonPath("$.offsets[1].offset")
                .isEqualTo(10);
        assertThat(committed(group)).containsEntry(0, 10L).containsEntry(1, 10L);

        reset(group, Map.of("topic", topic, "partitions", List.of(1), "to", "earliest"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$")
                .exists();
        assertThat(committed(group)).containsEntry(0, 10L).containsEntry(1, 0L);

        reset(group, Map.of("topic", topic, "to", "offset", "offset", 3))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$")
                .exists();
        assertThat(committed(group)).containsEntry(0, 3L).containsEntry(1, 3L);

        reset(group, Map.of("topic", topic, "partitions", List.of(0), "to", "offset", "offset", 99))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$")
                .exists();
        assertThat(committed(group)).as("clamped to the end").containsEntry(0, 10L);

        reset(group, Map.of("topic", topic, "to", "timestamp", "timestamp", before))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$")
                .exists();
        assertThat(committed(group)).containsEntry(0, 0L).containsEntry(1, 0L);
        reset(group, Map.of("topic", topic, "to", "timestamp", "timestamp", System.currentTimeMillis() + 60_000))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$")
                .exists();
        assertThat(committed(group))
                .as("after every record")
                .containsEntry(0, 10L)
                .containsEntry(1, 10L);

        expectProblem(reset(group, Map.of("topic", topic, "to", "middle")), HttpStatus.BAD_REQUEST, "bad-request");
        expectProblem(reset(group, Map.of("topic", topic, "to", "offset")), HttpStatus.BAD_REQUEST, "bad-request");
        expectProblem(
                reset(group, Map.of("topic", "no-such-topic-r", "to", "latest")),
                HttpStatus.NOT_FOUND,
                "topic-not-found");
        expectProblem(
                reset(group, Map.of("topic", topic, "partitions", List.of(7), "to", "latest")),
                HttpStatus.NOT_FOUND,
                "partition-not-found");

        web.delete()
                .uri("/v1/groups/{g}", group)
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectBody()
                .isEmpty();
        expectProblem(web.get().uri("/v1/groups/{g}", group).exchange(), HttpStatus.NOT_FOUND, "group-not-found");
        expectProblem(web.delete().uri("/v1/groups/{g}", group).exchange(), HttpStatus.NOT_FOUND, "group-not-found");
    }

    @Test
    void aGroupWithMembersCannotBeResetOrDeleted() {
        String topic = createTopic("group-busy", 1);
        String group = "group-busy-" + UUID.randomUUID();
        try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            member.subscribe(List.of(topic));
            await("the member joined").atMost(TIMEOUT).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });

            expectProblem(
                    reset(group, Map.of("topic", topic, "to", "earliest")), HttpStatus.CONFLICT, "group-not-empty");
            expectProblem(web.delete().uri("/v1/groups/{g}", group).exchange(), HttpStatus.CONFLICT, "group-not-empty");
        }
    }

    private Disposable subscribe(String group, String topic, String reset, List<ServerSentEvent<String>> into) {
        String uri = "/v1/groups/{g}/events?topics={t}" + (reset == null ? "" : "&reset=" + reset);
        return WebClient.create(baseUrl())
                .get()
                .uri(uri, group, topic)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(SSE)
                .subscribe(into::add);
    }

    private WebTestClient.ResponseSpec reset(String group, Map<String, Object> body) {
        return web.post()
                .uri("/v1/groups/{g}/offsets/reset", group)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static List<Seen> records(List<ServerSentEvent<String>> events) {
        List<Seen> seen = new ArrayList<>();
        for (ServerSentEvent<String> event : events) {
            if ("record".equals(event.event())) {
                JsonNode data = JSON.readTree(event.data());
                seen.add(new Seen(
                        data.get("partition").asInt(), data.get("offset").asLong(), event.id()));
            }
        }
        return seen;
    }

    private static Set<Seen> union(List<Seen> first, List<Seen> second) {
        Set<Seen> all = new HashSet<>(first);
        all.addAll(second);
        return all;
    }

    private static Set<Integer> partitionsOf(List<Seen> seen) {
        Set<Integer> partitions = new HashSet<>();
        seen.forEach(s -> partitions.add(s.partition()));
        return partitions;
    }

    private static Set<TopicPartition> partitions(String topic, int count) {
        Set<TopicPartition> partitions = new HashSet<>();
        for (int p = 0; p < count; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        return partitions;
    }

    private static ConsumerGroupDescription describe(String group) throws Exception {
        return admin().describeConsumerGroups(List.of(group)).all().get().get(group);
    }

    private static Map<Integer, Long> committed(String group) throws Exception {
        Map<Integer, Long> offsets = new HashMap<>();
        admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .forEach((tp, offset) -> offsets.put(tp.partition(), offset.offset()));
        return offsets;
    }

    /** Produces {@code perPartition} records to each partition; answers the log end offsets after. */
    private static Map<TopicPartition, Long> produce(String topic, int partitions, int perPartition, String prefix)
            throws Exception {
        Map<TopicPartition, Long> end = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) {
                    sent.add(producer.send(new ProducerRecord<>(
                            topic, p, prefix + "-" + i, "\"" + prefix + "-" + p + "-" + i + "\"")));
                }
            }
            for (Future<RecordMetadata> future : sent) {
                RecordMetadata metadata = future.get();
                end.merge(new TopicPartition(topic, metadata.partition()), metadata.offset() + 1, Math::max);
            }
        }
        return end;
    }
}
