package io.brook.broker.network;

import io.brook.broker.execution.SerialExecutor;
import io.brook.broker.handler.RequestContext;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one client connection: parses each request frame, hands it to the request threads, and writes responses
 * back strictly in request order, as Kafka clients require.
 *
 * <p>Data flow: frame (event loop) → header and body parsed on the event loop → {@link RequestProcessor#process}
 * on this connection's {@link SerialExecutor} → response encoded on the completing thread → written on the event
 * loop once every earlier response has been written.
 *
 * <p>Threading: all fields are confined to the channel's event loop; completions from request threads are posted
 * to it. Invariants: responses leave in the order their requests arrived; at most {@code maxInFlight} responses
 * are pending before reading pauses (back-pressure instead of an unbounded queue); a frame that cannot be parsed,
 * an unknown API key or an unsupported version closes this connection only, logged once.
 */
final class KafkaConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(KafkaConnectionHandler.class);

    private final RequestProcessor processor;
    private final SerialExecutor requests;
    private final int maxInFlight;
    private final ConnectionListener listener;
    private final ArrayDeque<PendingResponse> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean closing;

    KafkaConnectionHandler(RequestProcessor processor, Executor requestPool, int maxInFlight, ConnectionListener l) {
        this.processor = processor;
        this.requests = new SerialExecutor(requestPool, "a Kafka connection");
        this.maxInFlight = maxInFlight;
        this.listener = l;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added once the connection is already active, so this is where it counts as opened.
        this.ctx = ctx;
        listener.connectionOpened();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closing = true;
        listener.connectionClosed();
        for (PendingResponse slot : pending) {
            slot.release();
        }
        pending.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (closing) {
            frame.release();
            return;
        }
        ParsedRequest parsed;
        try {
            parsed = parse(frame);
        } catch (RuntimeException e) {
            frame.release();
            closeOnBadRequest("cannot parse request: " + e.getMessage());
            return;
        }
        if (parsed == null) {
            frame.release();
            return;
        }
        dispatch(frame, parsed);
    }

    private record ParsedRequest(RequestHeader header, AbstractRequest request) {}

    /** Parses the frame; {@code null} when the request was answered or refused here. */
    private ParsedRequest parse(ByteBuf frame) {
        ByteBuffer buffer = frame.nioBuffer();
        RequestHeader header = RequestHeader.parse(buffer);
        ApiKeys apiKey = header.apiKey();
        short version = header.apiVersion();
        if (!processor.supports(apiKey, version)) {
            if (apiKey == ApiKeys.API_VERSIONS) {
                // KIP-511: answer an unknown ApiVersions version with version 0 and the supported ranges.
                PendingResponse slot = new PendingResponse(header.correlationId());
                pending.add(slot);
                slot.complete(ResponseEncoder.encode(
                        ctx.alloc(),
                        header.correlationId(),
                        (short) 0,
                        processor.unsupportedApiVersionsResponse(),
                        (short) 0));
                writeCompleted();
                return null;
            }
            closeOnBadRequest("unsupported version " + version + " of " + apiKey + " from client " + header.clientId());
            return null;
        }
        AbstractRequest request = AbstractRequest.parseRequest(apiKey, version, new ByteBufferAccessor(buffer)).request;
        return new ParsedRequest(header, request);
    }

    private void dispatch(ByteBuf frame, ParsedRequest parsed) {
        RequestHeader header = parsed.header();
        boolean expectsResponse = processor.expectsResponse(parsed.request());
        PendingResponse slot = expectsResponse ? new PendingResponse(header.correlationId()) : null;
        if (slot != null) {
            pending.add(slot);
            if (pending.size() >= maxInFlight) {
                ctx.channel().config().setAutoRead(false);
            }
        }
        var context = new RequestContext(header, ctx.channel().remoteAddress());
        requests.execute(() -> {
            try {
                processor
                        .process(context, parsed.request())
                        .whenComplete((response, error) -> respond(frame, parsed, slot, response, error));
            } catch (RuntimeException e) {
                respond(frame, parsed, slot, null, e);
            }
        });
    }

    private void respond(ByteBuf frame, ParsedRequest parsed, PendingResponse slot, ApiMessage body, Throwable e) {
        ReferenceCountUtil.release(frame);
        if (slot == null) {
            if (e != null) {
                // acks=0: the client reads no response, so closing is the only way to tell it (as Kafka does).
                ctx.executor().execute(() -> closeOnBadRequest("failed request without response: " + e));
            }
            return;
        }
        List<Object> encoded;
        try {
            ApiMessage response = body;
            if (e != null) {
                log.warn(
                        "Request {} from {} failed",
                        parsed.header(),
                        ctx.channel().remoteAddress(),
                        e);
                response = parsed.request().getErrorResponse(0, e).data();
            }
            short version = parsed.header().apiVersion();
            encoded = ResponseEncoder.encode(
                    ctx.alloc(),
                    parsed.header().correlationId(),
                    parsed.header().apiKey().responseHeaderVersion(version),
                    response,
                    version);
        } catch (RuntimeException encodeError) {
            log.error("Cannot encode response to {}", parsed.header(), encodeError);
            ctx.executor().execute(() -> closeOnBadRequest("response could not be encoded"));
            return;
        }
        ctx.executor().execute(() -> {
            slot.complete(encoded);
            if (closing) {
                slot.release();
            } else {
                writeCompleted();
            }
        });
    }

    /** Writes every response at the head of the queue that is ready, then flushes once. */
    private void writeCompleted() {
        if (closing) {
            return;
        }
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().isReady()) {
            for (Object part : pending.poll().parts()) {
                ctx.write(part, ctx.voidPromise());
            }
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
            if (pending.size() < maxInFlight && !ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    private void closeOnBadRequest(String reason) {
        if (!closing) {
            closing = true;
            log.warn("Closing connection from {}: {}", ctx.channel().remoteAddress(), reason);
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!closing) {
            closing = true;
            log.debug("Connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    /** A response slot in request order; ready once its bytes are encoded. Event-loop confined. */
    private static final class PendingResponse {
        private final int correlationId;
        private List<Object> parts;

        PendingResponse(int correlationId) {
            this.correlationId = correlationId;
        }

        void complete(List<Object> parts) {
            this.parts = parts;
        }

        boolean isReady() {
            return parts != null;
        }

        List<Object> parts() {
            return parts;
        }

        void release() {
            if (parts != null) {
                parts.forEach(ReferenceCountUtil::release);
            }
        }

        @Override
        public String toString() {
            return "response to correlation id " + correlationId;
        }
    }
}
