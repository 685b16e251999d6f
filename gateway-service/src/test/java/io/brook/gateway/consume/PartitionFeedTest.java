package io.brook.gateway.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class PartitionFeedTest {

    private static FeedRecord record(long offset) {
        return new FeedRecord(new ConsumerRecord<>("t", 0, offset, new byte[0], new byte[10]));
    }

    private static List<FeedRecord> records(long... offsets) {
        List<FeedRecord> records = new ArrayList<>();
        for (long offset : offsets) {
            records.add(record(offset));
        }
        return records;
    }

    private static List<Long> offsets(FeedRead read) {
        return ((FeedRead.Records) read)
                .records().stream().map(FeedRecord::offset).toList();
    }

    @Test
    void readersAtTheEndWaitAndReadersBeforeTheStartCatchUp() {
        PartitionFeed feed = new PartitionFeed(0, 10, 100, 1 << 20);
        assertThat(feed.read(10, 5)).isEqualTo(new FeedRead.AtEnd(10));
        assertThat(feed.read(9, 5)).isEqualTo(new FeedRead.BehindFeed(10));
        assertThat(feed.append(records(10, 11, 12), 13)).isTrue();
        assertThat(offsets(feed.read(10, 5))).containsExactly(10L, 11L, 12L);
        assertThat(offsets(feed.read(11, 1))).containsExactly(11L);
        assertThat(((FeedRead.Records) feed.read(11, 1)).nextOffset()).isEqualTo(12);
        assertThat(((FeedRead.Records) feed.read(12, 5)).nextOffset()).isEqualTo(13);
        assertThat(feed.read(13, 5)).isEqualTo(new FeedRead.AtEnd(13));
    }

    @Test
    void gapsAreSkippedAndTheEndFollowsThePosition() {
        PartitionFeed feed = new PartitionFeed(0, 0, 100, 1 << 20);
        feed.append(records(0, 5, 6), 9);
        assertThat(offsets(feed.read(1, 10))).containsExactly(5L, 6L);
        FeedRead.Records tail = (FeedRead.Records) feed.read(7, 10);
        assertThat(tail.records()).isEmpty();
        assertThat(tail.nextOffset()).isEqualTo(9);
        assertThat(feed.advanceTo(12)).isTrue();
        assertThat(feed.advanceTo(11)).isFalse();
        assertThat(feed.end()).isEqualTo(12);
    }

    @Test
    void theRingIsBoundedByCountAndBytesAndRemembersWhereItStarts() {
        PartitionFeed feed = new PartitionFeed(0, 0, 3, 1 << 20);
        feed.append(records(0, 1, 2, 3, 4), 5);
        assertThat(feed.read(1, 10)).isEqualTo(new FeedRead.BehindFeed(2));
        assertThat(offsets(feed.read(2, 10))).containsExactly(2L, 3L, 4L);
        PartitionFeed small = new PartitionFeed(0, 0, 100, 200);
        small.append(records(0, 1, 2, 3, 4), 5);
        assertThat(small.read(0, 10)).isInstanceOf(FeedRead.BehindFeed.class);
        assertThat(offsets(small.read(4, 10))).containsExactly(4L);
    }

    @Test
    void randomAppendsAndReadsMatchAnOracle() {
        Random random = new Random(42);
        PartitionFeed feed = new PartitionFeed(0, 0, 50, 1 << 20);
        TreeSet<Long> written = new TreeSet<>();
        long next = 0;
        for (int step = 0; step < 2_000; step++) {
            List<FeedRecord> batch = new ArrayList<>();
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                next += 1 + (random.nextInt(5) == 0 ? random.nextInt(3) : 0);
                batch.add(record(next));
                written.add(next);
            }
            feed.append(batch, next + 1);
            long at = Math.max(0, next - random.nextInt(80));
            int limit = 1 + random.nextInt(10);
            FeedRead read = feed.read(at, limit);
            if (read instanceof FeedRead.Records records) {
                List<Long> expected =
                        written.tailSet(at, true).stream().limit(limit).toList();
                assertThat(offsets(read)).isEqualTo(expected);
                long expectedNext = expected.size() < limit ? next + 1 : expected.get(expected.size() - 1) + 1;
                assertThat(records.nextOffset()).isEqualTo(expectedNext);
            } else if (read instanceof FeedRead.BehindFeed behind) {
                assertThat(at).isLessThan(behind.feedStart());
            } else {
                assertThat(at).isGreaterThanOrEqualTo(next + 1);
            }
        }
    }
}
