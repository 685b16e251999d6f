package io.brook.broker.network;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A {@link Writable} that serialises a response into one pooled buffer, except for record sets that live in segment
 * files: at each of those it cuts the buffer and emits a {@link SharedFileRegion}, so the bytes go from the page
 * cache to the socket without passing through the JVM.
 *
 * <p>The output is a list of Netty messages ({@link ByteBuf} slices and file regions) to be written in order.
 * Confined to one thread; the caller releases {@link #finish()}'s output by writing it to a channel.
 */
final class ResponseWriter implements Writable {

    private final ByteBuf buffer;
    private final List<Object> parts;
    private int sliceStart;

    ResponseWriter(ByteBuf buffer, List<Object> parts) {
        this.buffer = buffer;
        this.parts = parts;
        this.sliceStart = buffer.writerIndex();
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof FileSliceRecords fileRecords) {
            if (fileRecords.sizeInBytes() > 0) {
                cutBuffer();
                var slice = fileRecords.slice();
                parts.add(new SharedFileRegion(slice.channel(), slice.position(), slice.size()));
            }
        } else if (records instanceof MemoryRecords memoryRecords) {
            buffer.writeBytes(memoryRecords.buffer().duplicate());
        } else if (records != null) {
            throw new IllegalArgumentException("cannot write records of type " + records.getClass());
        }
    }

    /** Ends the response; the buffer's last slice is added and the writer's own reference released. */
    List<Object> finish() {
        cutBuffer();
        buffer.release();
        return parts;
    }

    private void cutBuffer() {
        int length = buffer.writerIndex() - sliceStart;
        if (length > 0) {
            parts.add(buffer.retainedSlice(sliceStart, length));
        }
        sliceStart = buffer.writerIndex();
    }

    @Override
    public void writeByte(byte val) {
        buffer.writeByte(val);
    }

    @Override
    public void writeShort(short val) {
        buffer.writeShort(val);
    }

    @Override
    public void writeInt(int val) {
        buffer.writeInt(val);
    }

    @Override
    public void writeLong(long val) {
        buffer.writeLong(val);
    }

    @Override
    public void writeDouble(double val) {
        buffer.writeDouble(val);
    }

    @Override
    public void writeByteArray(byte[] arr) {
        buffer.writeBytes(arr);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
        buffer.writeBytes(buf.duplicate());
    }

    @Override
    public void writeUnsignedVarint(int i) {
        int value = i;
        while ((value & 0xffffff80) != 0) {
            buffer.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buffer.writeByte(value);
    }

    @Override
    public void writeVarint(int i) {
        writeUnsignedVarint((i << 1) ^ (i >> 31));
    }

    @Override
    public void writeVarlong(long i) {
        long value = (i << 1) ^ (i >> 63);
        while ((value & 0xffffffffffffff80L) != 0L) {
            buffer.writeByte(((int) value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buffer.writeByte((int) value);
    }
}
