package io.brook.gateway.consume;

/**
 * Where an {@link EventStream} sends its frames: one client connection, called only on the
 * executor the stream runs on (the connection's event loop).
 */
public interface FrameSink {

    /**
     * Whether the connection takes another frame now. A sink says no while the client is not reading
     * (its socket buffer and the channel's high water mark are full); the stream then waits for
     * {@link EventStream#resume()}.
     */
    boolean ready();

    /** Sends one frame: whole SSE events or a comment, written and flushed at once. */
    void send(byte[] frame);

    /** Ends the stream with an error. */
    void fail(Throwable error);
}
