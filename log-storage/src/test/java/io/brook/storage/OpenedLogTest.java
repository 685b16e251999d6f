package io.brook.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of tests that open one partition log in a temporary data folder and close it after each test. */
abstract class OpenedLogTest {

    @TempDir
    Path dataDir;

    LogFixture fixture;

    @AfterEach
    void closeLog() {
        if (fixture != null) {
            fixture.close();
        }
    }

    PartitionLog open(TestLogConfig config) {
        fixture = new LogFixture(dataDir, config.build());
        return fixture.log();
    }
}
