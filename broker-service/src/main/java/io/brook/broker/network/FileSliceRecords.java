package io.brook.broker.network;

import io.brook.storage.FileSlice;
import java.io.IOException;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.record.internal.DefaultRecordsSend;
import org.apache.kafka.common.record.internal.RecordsSend;
import org.apache.kafka.common.record.internal.TransferableRecords;

/**
 * Presents a slice of a segment file to the generated message classes as the {@code records} field of a fetch
 * response, so that the response writer can send it with {@code sendfile} instead of copying it.
 */
public record FileSliceRecords(FileSlice slice) implements TransferableRecords {

    @Override
    public int sizeInBytes() {
        return slice.size();
    }

    @Override
    public RecordsSend<? extends TransferableRecords> toSend() {
        return new DefaultRecordsSend<>(this);
    }

    @Override
    public int writeTo(TransferableChannel channel, int previouslyWritten, int remaining) throws IOException {
        long position = slice.position() + previouslyWritten;
        return (int) channel.transferFrom(slice.channel(), position, remaining);
    }
}
