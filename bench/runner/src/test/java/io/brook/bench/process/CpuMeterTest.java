package io.brook.bench.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.bench.BenchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class CpuMeterTest {

    /** utime 1500 and stime 250 (fields 14 and 15); a command name with spaces and parentheses. */
    private static final String STAT = "4242 (java (kafka) x) S 1 4242 4242 0 -1 4194560 53012 0 0 0 1500 250 0 0 20 0"
            + " 41 0 3519 4563648512 104857 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17 1 0 0 0 0 0";

    @Test
    void addsUserAndSystemTicksCountingFieldsAfterTheLastParenthesis() {
        assertThat(CpuMeter.ticks(STAT)).isEqualTo(1750);
    }

    @Test
    void convertsTicksWithTheTickRate() {
        assertThat(CpuMeter.ticks(STAT) / 100.0).isEqualTo(17.5);
    }

    @Test
    void rejectsALineThatIsNotAStatLine() {
        assertThatThrownBy(() -> CpuMeter.ticks("no parenthesis here")).isInstanceOf(BenchException.class);
        assertThatThrownBy(() -> CpuMeter.ticks("1 (java) S 1 2")).isInstanceOf(BenchException.class);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisProcess() {
        CpuMeter meter = CpuMeter.forThisMachine();
        assertThat(meter.cpuSeconds(ProcessHandle.current().pid())).isPositive();
    }
}
