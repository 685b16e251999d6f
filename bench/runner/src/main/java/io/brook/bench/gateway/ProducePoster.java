package io.brook.bench.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive connection of the HTTP produce client on plain Netty: posts a pre-built request, reads its answer (a
 * status line, headers and a {@code Content-Length} body, as the gateway answers a produce), hands it to the
 * {@link Plan} and posts the next request while the plan has any. Runs on the connection's event loop.
 */
final class ProducePoster extends ChannelInboundHandlerAdapter {

    /** The requests to post, shared by every connection of a pass. Thread-safe. */
    interface Plan {
        /** The bytes of the next request to post (head and body), or {@code null} when all have been taken. */
        byte[] next();

        /** An answer: its status line and, for a 200, its body. */
        void answered(String statusLine, String body);

        /** This connection failed or closed before its requests were answered; it takes no more. */
        void failed(String why);
    }

    private final Plan plan;
    private final ResponseHead head = new ResponseHead();
    private byte[] body;
    private int bodyRead;
    private boolean awaiting;

    ProducePoster(Plan plan) {
        this.plan = plan;
    }

    /** A complete request: {@code POST path} with a JSON body and its length. */
    static byte[] request(String host, int port, String path, byte[] jsonBody) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + jsonBody.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + jsonBody.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(jsonBody, 0, request, head.length, jsonBody.length);
        return request;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        postNext(context);
    }

    private void postNext(ChannelHandlerContext context) {
        byte[] request = plan.next();
        if (request == null) {
            awaiting = false;
            context.close();
            return;
        }
        awaiting = true;
        head.reset();
        body = null;
        bodyRead = 0;
        context.writeAndFlush(Unpooled.wrappedBuffer(request));
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        ByteBuf buffer = (ByteBuf) message;
        try {
            if (body == null) {
                if (!head.read(buffer)) {
                    return;
                }
                long length = head.contentLength();
                if (length < 0) {
                    fail(context, "answer without Content-Length: " + head.statusLine());
                    return;
                }
                body = new byte[(int) length];
            }
            int count = Math.min(buffer.readableBytes(), body.length - bodyRead);
            buffer.readBytes(body, bodyRead, count);
            bodyRead += count;
            if (bodyRead == body.length) {
                plan.answered(head.statusLine(), new String(body, StandardCharsets.ISO_8859_1));
                postNext(context);
            }
        } finally {
            buffer.release();
        }
    }

    private void fail(ChannelHandlerContext context, String why) {
        if (awaiting) {
            awaiting = false;
            plan.failed(why);
        }
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        fail(context, "connection closed while a request was unanswered");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        fail(context, cause.toString());
    }
}
