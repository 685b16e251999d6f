package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.OffsetIndex.OffsetPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OffsetIndexTest {

    private static final long BASE = 1_000_000L;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1L, 42L, 20240611L, 7_777_777L})
    void lookupsMatchATreeMapOracle(long seed) throws IOException {
        Random random = new Random(seed);
        OffsetIndex index = new OffsetIndex(dir.resolve("oracle.index"), BASE, 8 * 1000);
        TreeMap<Long, Integer> oracle = new TreeMap<>();
        long offset = BASE;
        int position = 0;
        for (int i = 0; i < 1000; i++) {
            offset += 1 + random.nextInt(50);
            position += 1 + random.nextInt(5000);
            index.append(offset, position);
            oracle.put(offset, position);
        }
        assertThat(index.isFull()).isTrue();

        for (int probe = 0; probe < 5000; probe++) {
            long target = BASE - 10 + (long) (random.nextDouble() * (offset - BASE + 100));
            Map.Entry<Long, Integer> expected = oracle.floorEntry(target);
            OffsetPosition actual = index.lookup(target);
            String context = "seed " + seed + ", target " + target;
            if (expected == null) {
                assertThat(actual).as(context).isEqualTo(new OffsetPosition(BASE, 0));
            } else {
                assertThat(actual).as(context).isEqualTo(new OffsetPosition(expected.getKey(), expected.getValue()));
            }
            int positionProbe = random.nextInt(position + 100);
            int expectedPosition = oracle.values().stream()
                    .filter(p -> p <= positionProbe)
                    .reduce((a, b) -> b)
                    .orElse(0);
            assertThat(index.floorPosition(positionProbe)).as(context).isEqualTo(expectedPosition);
        }
    }

    @Test
    void trimmedIndexReopensWithItsEntries() throws IOException {
        Path file = dir.resolve("trim.index");
        OffsetIndex index = new OffsetIndex(file, BASE, 4096);
        index.append(BASE + 5, 100);
        index.append(BASE + 9, 250);
        assertThat(Files.size(file)).isEqualTo(4096);

        index.trim();

        assertThat(Files.size(file)).isEqualTo(16);
        OffsetIndex reopened = new OffsetIndex(file, BASE, 4096);
        assertThat(reopened.entries()).isEqualTo(2);
        assertThat(reopened.lookup(BASE + 100)).isEqualTo(new OffsetPosition(BASE + 9, 250));
        assertThat(reopened.isFull()).isTrue();
        reopened.resize(4096);
        assertThat(reopened.isFull()).isFalse();
        assertThat(reopened.lastEntry()).isEqualTo(new OffsetPosition(BASE + 9, 250));
    }

    @Test
    void rejectsEntriesThatDoNotGrow() throws IOException {
        OffsetIndex index = new OffsetIndex(dir.resolve("order.index"), BASE, 4096);
        index.append(BASE + 5, 100);
        assertThatThrownBy(() -> index.append(BASE + 5, 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.append(BASE + 6, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.append(BASE - 1, 300)).isInstanceOf(IllegalArgumentException.class);
    }
}
