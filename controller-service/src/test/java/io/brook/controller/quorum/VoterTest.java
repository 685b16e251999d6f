package io.brook.controller.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VoterTest {

    @Test
    void parsesTheVotersList() {
        List<Voter> voters = Voter.parseList("1@127.0.0.1:9190:9191, 2@ctl-2.brook:9290:9291,3@::1:9390:9391");

        assertThat(voters)
                .containsExactly(
                        new Voter(1, "127.0.0.1", 9190, 9191),
                        new Voter(2, "ctl-2.brook", 9290, 9291),
                        new Voter(3, "::1", 9390, 9391));
        assertThat(voters.get(1).httpUrl()).isEqualTo("http://ctl-2.brook:9291");
        assertThat(voters.get(1).raftAddress()).isEqualTo("ctl-2.brook:9290");
        assertThat(Voter.parse(voters.get(0).spec())).isEqualTo(voters.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1@host:9190", "host:1:2", "x@h:1:2", "1@h:0:2", "1@:1:2", "1@h:1:70000"})
    void refusesMalformedVoters(String spec) {
        assertThatThrownBy(() -> Voter.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesDuplicateIds() {
        assertThatThrownBy(() -> Voter.parseList("1@a:1:2,1@b:3:4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void quorumConfigNeedsAnOddQuorumContainingThisNode() {
        List<Voter> two = Voter.parseList("1@a:1:2,2@b:3:4");
        List<Voter> three = Voter.parseList("1@a:1:2,2@b:3:4,3@c:5:6");
        Duration min = Duration.ofMillis(400);
        Duration max = Duration.ofMillis(800);

        assertThatThrownBy(() -> new QuorumConfig(1, "c", two, Path.of("x"), min, max, min, 10, 10))
                .hasMessageContaining("odd");
        assertThatThrownBy(() -> new QuorumConfig(4, "c", three, Path.of("x"), min, max, min, 10, 10))
                .hasMessageContaining("not among");
        assertThatThrownBy(() -> new QuorumConfig(1, "c", three, Path.of("x"), max, min, min, 10, 10))
                .hasMessageContaining("Election timeouts");
        assertThat(new QuorumConfig(2, "c", three, Path.of("x"), min, max, min, 10, 10).self())
                .isEqualTo(three.get(1));
    }
}
