package io.brook.gateway.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void roundTripsInPartitionOrder() {
        Cursor cursor = Cursor.parse("2:7, 0:15,1:0");
        assertThat(cursor.offsets()).containsExactly(Map.entry(0, 15L), Map.entry(1, 0L), Map.entry(2, 7L));
        assertThat(cursor).hasToString("0:15,1:0,2:7");
    }

    @Test
    void refusesMalformedCursorsWithAReason() {
        for (String bad : new String[] {"", "x", "0", "0:", ":5", "a:b", "0:-1", "-1:3", "0:1,0:2"}) {
            assertThatThrownBy(() -> Cursor.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void startPositions() {
        assertThat(StartPosition.parse(null)).isInstanceOf(StartPosition.End.class);
        assertThat(StartPosition.parse("beginning")).isInstanceOf(StartPosition.Beginning.class);
        assertThat(StartPosition.parse("1764000000000")).isEqualTo(new StartPosition.AtTimestamp(1764000000000L));
        assertThatThrownBy(() -> StartPosition.parse("yesterday")).isInstanceOf(IllegalArgumentException.class);
    }
}
