package io.brook.bench.broker;

import java.nio.file.Path;
import java.util.Locale;

/** The brokers the runner knows how to start, by the name used on the command line. */
public enum BrokerKind {
    KAFKA {
        @Override
        public BrokerUnderTest create(String label, BrokerSettings settings, Path dataDir, Path logDir) {
            return new KafkaBaseline(label, settings, dataDir, logDir);
        }

        @Override
        public String describe(BrokerSettings settings) {
            return KafkaBaseline.describe(settings);
        }
    },
    BROOK {
        @Override
        public BrokerUnderTest create(String label, BrokerSettings settings, Path dataDir, Path logDir) {
            return new BrookBroker(label, settings, dataDir, logDir);
        }

        @Override
        public String describe(BrokerSettings settings) {
            return BrookBroker.describe(settings);
        }
    };

    /** A broker of this kind, not yet started, that keeps its data in {@code dataDir} and logs in {@code logDir}. */
    public abstract BrokerUnderTest create(String label, BrokerSettings settings, Path dataDir, Path logDir);

    /** The settings that matter for reading this broker's numbers (flush policy, JVM), for the report. */
    public abstract String describe(BrokerSettings settings);

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BrokerKind fromCliName(String name) {
        for (BrokerKind kind : values()) {
            if (kind.cliName().equals(name.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown broker '" + name + "' (expected kafka or brook)");
    }
}
