package io.brook.bench.load;

import io.brook.bench.BenchException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one line a load client prints for the runner: {@code RESULT key=value key=value ...}, numbers only. Anything
 * else the client prints (client logs) is ignored.
 */
public final class ResultLine {

    static final String PREFIX = "RESULT ";

    private ResultLine() {}

    /** Formats {@code values} (in their iteration order) as a result line. */
    public static String format(Map<String, Long> values) {
        StringBuilder line = new StringBuilder(PREFIX.trim());
        values.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.toString();
    }

    /** The values of the last result line in {@code output}. */
    public static Map<String, Long> parse(List<String> output, Path logFile) {
        for (int i = output.size() - 1; i >= 0; i--) {
            String line = output.get(i);
            if (line.startsWith(PREFIX)) {
                Map<String, Long> values = new LinkedHashMap<>();
                for (String pair : line.substring(PREFIX.length()).trim().split("\\s+")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new BenchException("malformed result line '" + line + "' in " + logFile);
                    }
                    values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
                }
                return values;
            }
        }
        throw new BenchException("no result line in " + logFile);
    }

    /** The value of {@code key}, which must be present. */
    public static long require(Map<String, Long> values, String key, Path logFile) {
        Long value = values.get(key);
        if (value == null) {
            throw new BenchException("result line in " + logFile + " has no " + key + ": " + values);
        }
        return value;
    }
}
