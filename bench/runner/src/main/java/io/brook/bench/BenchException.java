package io.brook.bench;

/**
 * A benchmark step that could not complete: a broker that did not start, a load tool that failed or timed out, a
 * result that did not add up. The message names the values involved and the log file to read.
 */
public class BenchException extends RuntimeException {

    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
