package io.brook.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.handler.RequestContext;
import io.brook.storage.FileSlice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kafka framing and per-connection ordering, driven through an {@link EmbeddedChannel} with frames built by
 * the reference codec. Request handling is a scripted {@link RequestProcessor}.
 */
class KafkaConnectionHandlerTest {

    private static final int MAX_FRAME = 64 * 1024;

    private final ScriptedProcessor processor = new ScriptedProcessor();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new KafkaFrameDecoder(MAX_FRAME),
            new KafkaConnectionHandler(processor, Runnable::run, 4, ConnectionListener.NONE));

    static Stream<Arguments> everyVersionOfServedApis() {
        return Stream.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.LIST_OFFSETS, ApiKeys.FETCH, ApiKeys.PRODUCE)
                .flatMap(key -> IntStream.rangeClosed(key.oldestVersion(), key.latestVersion())
                        .mapToObj(v -> Arguments.of(key, (short) v)));
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyVersionOfServedApis")
    void everyVersionRoundTrips(ApiKeys key, short version) {
        ApiMessage request = key.messageType.newRequest();
        if (request instanceof MetadataRequestData metadata) {
            metadata.setTopics(new ArrayList<>());
        }
        processor.respondWith(key, CompletableFuture.completedFuture(key.messageType.newResponse()));

        channel.writeInbound(frame(key, version, 7, request));
        channel.runPendingTasks();

        assertThat(processor.received).hasSize(1);
        assertThat(processor.received.get(0).data()).isEqualTo(request);
        ParsedResponse response = readResponse(key, version);
        assertThat(response.correlationId()).isEqualTo(7);
        assertThat(response.body().data()).isEqualTo(key.messageType.newResponse());
    }

    @Test
    void responsesLeaveInRequestOrderWhenHandlersFinishOutOfOrder() {
        var first = new CompletableFuture<ApiMessage>();
        var second = new CompletableFuture<ApiMessage>();
        processor.respondWith(ApiKeys.METADATA, first, second);

        channel.writeInbound(frame(ApiKeys.METADATA, (short) 12, 1, metadataRequest()));
        channel.writeInbound(frame(ApiKeys.METADATA, (short) 12, 2, metadataRequest()));
        second.complete(ApiKeys.METADATA.messageType.newResponse());
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound())
                .as("second must wait for first")
                .isNull();

        first.complete(ApiKeys.METADATA.messageType.newResponse());
        channel.runPendingTasks();
        assertThat(readResponse(ApiKeys.METADATA, (short) 12).correlationId()).isEqualTo(1);
        assertThat(readResponse(ApiKeys.METADATA, (short) 12).correlationId()).isEqualTo(2);
    }

    @Test
    void readingPausesWhileTooManyResponsesArePending() {
        List<CompletableFuture<ApiMessage>> pending = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pending.add(new CompletableFuture<>());
        }
        processor.respondWith(ApiKeys.METADATA, pending.toArray(CompletableFuture[]::new));
        for (int i = 0; i < 4; i++) {
            channel.writeInbound(frame(ApiKeys.METADATA, (short) 12, i, metadataRequest()));
        }
        assertThat(channel.config().isAutoRead()).isFalse();

        pending.forEach(f -> f.complete(ApiKeys.METADATA.messageType.newResponse()));
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void oversizedFrameClosesTheConnection() {
        ByteBuf frame = Unpooled.buffer().writeInt(MAX_FRAME + 1).writeZero(16);
        channel.writeInbound(frame);
        assertThat(channel.isOpen()).isFalse();
        assertThat(processor.received).isEmpty();
    }

    @Test
    void negativeSizeClosesTheConnection() {
        channel.writeInbound(Unpooled.buffer().writeInt(-5).writeZero(16));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void unknownApiKeyClosesTheConnection() {
        ByteBuf frame = Unpooled.buffer()
                .writeInt(10)
                .writeShort(9999)
                .writeShort(0)
                .writeInt(1)
                .writeShort(-1);
        channel.writeInbound(frame);
        assertThat(channel.isOpen()).isFalse();
        assertThat(processor.received).isEmpty();
    }

    @Test
    void unsupportedVersionOfOtherApisClosesTheConnection() {
        processor.unsupported.put(ApiKeys.PRODUCE, (short) 3);
        channel.writeInbound(frame(ApiKeys.PRODUCE, (short) 3, 1, ApiKeys.PRODUCE.messageType.newRequest()));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void unsupportedApiVersionsVersionIsAnsweredAtVersionZero() {
        processor.unsupported.put(ApiKeys.API_VERSIONS, (short) 4);
        channel.writeInbound(frame(ApiKeys.API_VERSIONS, (short) 4, 9, ApiKeys.API_VERSIONS.messageType.newRequest()));
        channel.runPendingTasks();

        ParsedResponse response = readResponse(ApiKeys.API_VERSIONS, (short) 0);
        assertThat(response.correlationId()).isEqualTo(9);
        var data = (ApiVersionsResponseData) response.body().data();
        assertThat(data.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void truncatedFrameWaitsForTheRestAndLeavesNothingBehindOnClose() {
        ByteBuf whole = frame(ApiKeys.METADATA, (short) 12, 1, metadataRequest());
        channel.writeInbound(whole.readRetainedSlice(whole.readableBytes() / 2));
        assertThat(processor.received).isEmpty();
        whole.release();
        channel.close();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void fileBackedRecordsAreSentAsFileRegions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("segment");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        try (FileChannel segment = FileChannel.open(file, StandardOpenOption.READ)) {
            var response = new FetchResponseData();
            response.responses()
                    .add(new FetchResponseData.FetchableTopicResponse()
                            .setTopic("t")
                            .setPartitions(List.of(new FetchResponseData.PartitionData()
                                    .setRecords(new FileSliceRecords(new FileSlice(segment, 2, 5))))));
            processor.respondWith(ApiKeys.FETCH, CompletableFuture.completedFuture(response));

            channel.writeInbound(frame(ApiKeys.FETCH, (short) 12, 3, ApiKeys.FETCH.messageType.newRequest()));
            channel.runPendingTasks();

            List<Object> parts = new ArrayList<>();
            for (Object part; (part = channel.readOutbound()) != null; ) {
                parts.add(part);
            }
            assertThat(parts).hasSize(3);
            FileRegion region = (FileRegion) parts.get(1);
            assertThat(region.position()).isEqualTo(2);
            assertThat(region.count()).isEqualTo(5);
            ByteBuf head = (ByteBuf) parts.get(0);
            ByteBuf tail = (ByteBuf) parts.get(2);
            assertThat(head.getInt(0)).isEqualTo(head.readableBytes() - 4 + 5 + tail.readableBytes());
            parts.forEach(io.netty.util.ReferenceCountUtil::release);
            assertThat(segment.isOpen())
                    .as("the segment's channel belongs to the log")
                    .isTrue();
        }
    }

    private static MetadataRequestData metadataRequest() {
        return new MetadataRequestData().setTopics(new ArrayList<>());
    }

    static ByteBuf frame(ApiKeys key, short version, int correlationId, ApiMessage body) {
        var header = new RequestHeaderData()
                .setRequestApiKey(key.id)
                .setRequestApiVersion(version)
                .setCorrelationId(correlationId)
                .setClientId("test-client");
        short headerVersion = key.requestHeaderVersion(version);
        var cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size).putInt(size);
        var writer = new ByteBufferAccessor(buffer);
        header.write(writer, cache, headerVersion);
        body.write(writer, cache, version);
        return Unpooled.wrappedBuffer(buffer.flip());
    }

    record ParsedResponse(int correlationId, AbstractResponse body) {}

    private ParsedResponse readResponse(ApiKeys key, short version) {
        ByteBuf frame = channel.readOutbound();
        assertThat(frame).as("a response frame").isNotNull();
        try {
            ByteBuffer buffer = frame.nioBuffer();
            assertThat(buffer.getInt()).isEqualTo(buffer.remaining());
            var header = ResponseHeader.parse(buffer, key.responseHeaderVersion(version));
            var body = AbstractResponse.parseResponse(key, new ByteBufferAccessor(buffer), version);
            return new ParsedResponse(header.correlationId(), body);
        } finally {
            frame.release();
        }
    }

    /** Answers each API with the next scripted future and records what it was asked. */
    private static final class ScriptedProcessor implements RequestProcessor {
        final List<AbstractRequest> received = new ArrayList<>();
        final Map<ApiKeys, Short> unsupported = new HashMap<>();
        private final Map<ApiKeys, List<CompletableFuture<? extends ApiMessage>>> script = new HashMap<>();

        @SafeVarargs
        final void respondWith(ApiKeys key, CompletableFuture<? extends ApiMessage>... responses) {
            script.computeIfAbsent(key, k -> new ArrayList<>()).addAll(List.of(responses));
        }

        @Override
        public boolean supports(ApiKeys apiKey, short version) {
            Short refused = unsupported.get(apiKey);
            return refused == null || refused != version;
        }

        @Override
        public boolean expectsResponse(AbstractRequest request) {
            return true;
        }

        @Override
        public CompletionStage<? extends ApiMessage> process(RequestContext context, AbstractRequest request) {
            received.add(request);
            return script.get(request.apiKey()).remove(0);
        }

        @Override
        public ApiMessage unsupportedApiVersionsResponse() {
            return new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        }
    }
}
