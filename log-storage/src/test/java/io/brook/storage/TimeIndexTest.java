package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {

    @TempDir
    Path dir;

    @Test
    void keepsOnlyGrowingTimestampsAndFindsTheLastEntryBelowATarget() throws IOException {
        TimeIndex index = new TimeIndex(dir.resolve("t.timeindex"), 100, 12 * 10);
        index.maybeAppend(1_000, 105);
        index.maybeAppend(900, 110);
        index.maybeAppend(1_000, 111);
        index.maybeAppend(2_000, 120);

        assertThat(index.entries()).isEqualTo(2);
        assertThat(index.lastEntryBelow(1_000)).isEmpty();
        assertThat(index.lastEntryBelow(1_001)).contains(new TimestampOffset(1_000, 105));
        assertThat(index.lastEntryBelow(5_000)).contains(new TimestampOffset(2_000, 120));
        assertThat(index.lastEntry()).isEqualTo(Optional.of(new TimestampOffset(2_000, 120)));
    }

    @Test
    void finalEntryFitsEvenWhenFull() throws IOException {
        TimeIndex index = new TimeIndex(dir.resolve("full.timeindex"), 0, 12);
        index.maybeAppend(10, 1);
        assertThat(index.isFull()).isTrue();

        index.appendFinal(20, 5);
        index.trim();

        TimeIndex reopened = new TimeIndex(dir.resolve("full.timeindex"), 0, 12);
        assertThat(reopened.lastEntry()).contains(new TimestampOffset(20, 5));
        assertThat(reopened.entries()).isEqualTo(2);
    }
}
