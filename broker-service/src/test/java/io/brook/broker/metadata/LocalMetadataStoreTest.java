package io.brook.broker.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMetadataStoreTest {

    @TempDir
    Path dir;

    @Test
    void topicsSurviveReopeningWithTheirIdsAndConfigs() {
        var store = new LocalMetadataStore(dir, 1);
        TopicImage created = store.createTopic("orders", 3, (short) 1, Map.of("retention.ms", "1000"), false)
                .join();
        String clusterId = store.image().clusterId();

        var reopened = new LocalMetadataStore(dir, 1);
        TopicImage loaded = reopened.image().topic("orders").orElseThrow();
        assertThat(loaded.id()).isEqualTo(created.id());
        assertThat(loaded.partitionCount()).isEqualTo(3);
        assertThat(loaded.configs()).containsEntry("retention.ms", "1000");
        assertThat(reopened.image().clusterId()).isEqualTo(clusterId);
        assertThat(reopened.image().topic(created.id())).contains(loaded);
    }

    @Test
    void everyPartitionIsLedByThisBrokerAtEpochZero() {
        var store = new LocalMetadataStore(dir, 7);
        TopicImage topic =
                store.createTopic("t", 2, (short) -1, Map.of(), false).join();
        assertThat(topic.partitions())
                .extracting(PartitionImage::leaderId, PartitionImage::leaderEpoch, PartitionImage::isr)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(7, 0, List.of(7)));
    }

    @Test
    void refusesWhatKafkaRefuses() {
        var store = new LocalMetadataStore(dir, 1);
        store.createTopic("t", 1, (short) 1, Map.of(), false).join();
        assertFails(() -> store.createTopic("t", 1, (short) 1, Map.of(), false).join(), TopicExistsException.class);
        assertFails(
                () -> store.createTopic("bad/name", 1, (short) 1, Map.of(), false)
                        .join(),
                InvalidTopicException.class);
        assertFails(
                () -> store.createTopic("u", 0, (short) 1, Map.of(), false).join(), InvalidPartitionsException.class);
        assertFails(
                () -> store.createTopic("u", 1, (short) 3, Map.of(), false).join(),
                InvalidReplicationFactorException.class);
        assertFails(() -> store.createPartitions("t", 1, false).join(), InvalidPartitionsException.class);
        assertFails(() -> store.deleteTopic("missing").join(), UnknownTopicOrPartitionException.class);
    }

    @Test
    void internalTopicsCannotBeDeletedOrRepartitioned() {
        var store = new LocalMetadataStore(dir, 1);
        store.createTopic("__consumer_offsets", 3, (short) 1, Map.of("cleanup.policy", "compact"), false)
                .join();
        assertFails(() -> store.deleteTopic("__consumer_offsets").join(), InvalidRequestException.class);
        assertFails(() -> store.createPartitions("__consumer_offsets", 6, false).join(), InvalidRequestException.class);
        assertThat(store.image().topic("__consumer_offsets").orElseThrow().partitionCount())
                .isEqualTo(3);

        store.createTopic("__mine", 1, (short) 1, Map.of(), false).join();
        store.deleteTopic("__mine").join();
        assertThat(store.image().topic("__mine")).isEmpty();
    }

    @Test
    void validateOnlyChangesNothing() {
        var store = new LocalMetadataStore(dir, 1);
        store.createTopic("t", 1, (short) 1, Map.of(), true).join();
        assertThat(store.image().topic("t")).isEmpty();
    }

    @Test
    void listenersSeeEachChangeInOrder() {
        var store = new LocalMetadataStore(dir, 1);
        List<String> seen = new ArrayList<>();
        store.addListener((before, after) -> seen.add(after.topics().keySet().toString()));
        store.createTopic("a", 1, (short) 1, Map.of(), false).join();
        store.createPartitions("a", 4, false).join();
        store.deleteTopic("a").join();
        assertThat(seen).containsExactly("[a]", "[a]", "[]");
        assertThat(new LocalMetadataStore(dir, 1).image().topics()).isEmpty();
    }

    @Test
    void registeredBrokerAppearsInTheImageButIsNotPersisted() {
        var store = new LocalMetadataStore(dir, 1);
        store.registerBroker(new BrokerImage(1, "127.0.0.1", 9092, null)).join();
        assertThat(store.image().brokers()).containsKey(1);
        assertThat(new LocalMetadataStore(dir, 1).image().brokers()).isEmpty();
    }

    private static void assertFails(Runnable action, Class<? extends Throwable> cause) {
        assertThatThrownBy(action::run).isInstanceOf(CompletionException.class).hasCauseInstanceOf(cause);
    }
}
