package io.brook.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FollowerProgressTest {

    @Test
    void aFetchFromTheLogEndIsCaughtUpNow() {
        var progress = FollowerProgress.unknown(0).afterFetch(100, 100, 50);
        assertThat(progress.lastCaughtUpTimeMs()).isEqualTo(50);
        assertThat(progress.logEndOffset()).isEqualTo(100);
    }

    @Test
    void reachingTheEndSeenAtThePreviousFetchIsCaughtUpAtThatFetch() {
        var first = FollowerProgress.unknown(0).afterFetch(90, 100, 1_000);
        assertThat(first.lastCaughtUpTimeMs()).isEqualTo(0);
        // Writes keep coming: the follower never sees the live end, but it reached what the leader had at t=1000.
        var second = first.afterFetch(100, 120, 1_500);
        assertThat(second.lastCaughtUpTimeMs()).isEqualTo(1_000);
    }

    @Test
    void aFollowerThatFallsBehindKeepsItsOldCaughtUpTime() {
        var progress = FollowerProgress.unknown(0)
                .afterFetch(100, 100, 1_000)
                .afterFetch(100, 200, 2_000)
                .afterFetch(150, 300, 3_000);
        assertThat(progress.lastCaughtUpTimeMs()).isEqualTo(1_000);
    }
}
