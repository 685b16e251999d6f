package io.brook.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * Serialises a response frame: the size prefix, the response header and the body, with file-backed record sets
 * left as zero-copy regions.
 *
 * <pre>
 * +--------------+------------------------------+---------------------------------------+
 * | size (int32) | header (correlation id, tags) | body, records either inline or as files |
 * +--------------+------------------------------+---------------------------------------+
 * </pre>
 */
final class ResponseEncoder {

    private ResponseEncoder() {}

    static List<Object> encode(
            ByteBufAllocator allocator, int correlationId, short headerVersion, ApiMessage body, short apiVersion) {
        var cache = new ObjectSerializationCache();
        var header = new ResponseHeaderData().setCorrelationId(correlationId);
        var headerSize = new MessageSizeAccumulator();
        header.addSize(headerSize, cache, headerVersion);
        var bodySize = new MessageSizeAccumulator();
        body.addSize(bodySize, cache, apiVersion);

        int frameSize = headerSize.totalSize() + bodySize.totalSize();
        int inlineBytes = 4 + headerSize.totalSize() + bodySize.sizeExcludingZeroCopy();
        ByteBuf buffer = allocator.directBuffer(inlineBytes, inlineBytes);
        var parts = new ArrayList<>(3);
        var writer = new ResponseWriter(buffer, parts);
        try {
            writer.writeInt(frameSize);
            header.write(writer, cache, headerVersion);
            body.write(writer, cache, apiVersion);
        } catch (RuntimeException e) {
            buffer.release();
            parts.forEach(io.netty.util.ReferenceCountUtil::release);
            throw e;
        }
        return writer.finish();
    }
}
