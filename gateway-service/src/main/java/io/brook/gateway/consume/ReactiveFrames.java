package io.brook.gateway.consume;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The portable way to serve an {@link EventStream}: its frames as a Flux for the response's reactive
 * writer, sent against the writer's demand. The gateway's own server (Reactor Netty, HTTP/1.1) writes
 * streams straight to the socket instead; this is for any other response.
 */
public final class ReactiveFrames {

    private ReactiveFrames() {}

    /** A worker that runs a stream's steps one at a time, as the stream requires. */
    public static Scheduler.Worker newWorker() {
        return Schedulers.parallel().createWorker();
    }

    /**
     * The opening of {@code stream}, then its events and heartbeats. {@code worker} must be the one
     * the stream runs on; it is disposed with the Flux.
     */
    public static Flux<byte[]> of(EventStream stream, Scheduler.Worker worker) {
        return Flux.create(sink -> {
            sink.next(stream.opening());
            stream.start(new FrameSink() {
                @Override
                public boolean ready() {
                    return sink.requestedFromDownstream() > 0;
                }

                @Override
                public void send(byte[] frame) {
                    sink.next(frame);
                }

                @Override
                public void fail(Throwable error) {
                    sink.error(error);
                }
            });
            sink.onRequest(demand -> worker.schedule(stream::resume));
            sink.onDispose(() -> {
                stream.close();
                worker.schedule(worker::dispose);
            });
        });
    }
}
