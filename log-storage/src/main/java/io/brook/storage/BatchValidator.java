package io.brook.storage;

import io.brook.storage.errors.CorruptRecordException;
import io.brook.storage.errors.InvalidRecordException;
import io.brook.storage.errors.RecordBatchTooLargeException;
import io.brook.storage.errors.RecordTooLargeException;
import io.brook.storage.errors.UnexpectedAppendOffsetException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * Checks record batches with the record classes of kafka-clients: the single batch a producer sends, the batches a
 * follower fetched from its leader, and each batch read back during recovery. Only the batch header and CRC are
 * looked at; records are iterated only for a producer's batch to a compacted topic, whose records must all have
 * keys.
 *
 * <p>Stateless and thread-safe.
 */
final class BatchValidator {

    private BatchValidator() {}

    /**
     * Validates that {@code records} holds exactly one well-formed v2 batch that fits the log, and returns a
     * mutable view of it over the same bytes (so offsets can be assigned in place).
     */
    static ValidBatch validateSingleBatch(MemoryRecords records, LogConfig config, TopicPartition topicPartition) {
        ByteBuffer buffer = records.buffer();
        int size = buffer.remaining();
        if (size < Records.HEADER_SIZE_UP_TO_MAGIC) {
            throw new CorruptRecordException("record batch of " + size + " bytes is shorter than a batch header");
        }
        int start = buffer.position();
        byte magic = buffer.get(start + Records.MAGIC_OFFSET);
        if (magic != RecordBatch.MAGIC_VALUE_V2) {
            throw new InvalidRecordException("only record batches of magic 2 are accepted, got magic " + magic);
        }
        if (size < DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
            throw new CorruptRecordException("record batch of " + size + " bytes is shorter than the v2 header of "
                    + DefaultRecordBatch.RECORD_BATCH_OVERHEAD + " bytes");
        }
        checkFraming(buffer, start, size);
        checkSize(size, config);
        MemoryRecords whole = buffer.position() == 0 ? records : MemoryRecords.readableRecords(buffer.slice());
        MutableRecordBatch batch = firstBatch(whole);
        if (!batch.isValid()) {
            throw new CorruptRecordException(
                    "record batch failed its CRC check (stored crc " + batch.checksum() + ", size " + size + " bytes)");
        }
        checkOffsetsAndType(batch);
        if (config.compact()) {
            checkKeys(batch, topicPartition);
        }
        return new ValidBatch(whole, batch);
    }

    /**
     * A validated batch: {@code records} starts at position 0 and holds exactly {@code batch}, both views of the
     * producer's bytes.
     */
    record ValidBatch(MemoryRecords records, MutableRecordBatch batch) {}

    /**
     * Validates the batches a follower fetched from its leader: whole v2 batches, one after the other, each with a
     * good CRC, a record count that fits its offset range (a compacted log's cleaned batches may hold fewer records
     * than their range, see {@link #isIntact}) and no larger than a segment. The leader assigned the offsets,
     * epochs and timestamps and checked the producer's sequences and {@code max.message.bytes}; none of that is
     * checked again, and the log checks the offsets against its end. Returns one view per batch, in order.
     */
    static List<ValidBatch> validateFollowerBatches(MemoryRecords records, LogConfig config) {
        ByteBuffer buffer = records.buffer();
        List<ValidBatch> batches = new ArrayList<>();
        int position = buffer.position();
        while (position < buffer.limit()) {
            int remaining = buffer.limit() - position;
            if (remaining < DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
                throw new CorruptRecordException("fetched records end with " + remaining
                        + " bytes, fewer than the v2 batch header of " + DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
            }
            byte magic = buffer.get(position + Records.MAGIC_OFFSET);
            if (magic != RecordBatch.MAGIC_VALUE_V2) {
                throw new InvalidRecordException("only record batches of magic 2 are accepted, got magic " + magic);
            }
            long declared = (long) buffer.getInt(position + Records.SIZE_OFFSET) + Records.LOG_OVERHEAD;
            if (declared < DefaultRecordBatch.RECORD_BATCH_OVERHEAD || declared > remaining) {
                throw new CorruptRecordException("fetched batch at byte " + position + " declares " + declared
                        + " bytes, " + remaining + " remain");
            }
            int size = (int) declared;
            if (size > Math.min(config.segmentBytes(), Integer.MAX_VALUE)) {
                throw new RecordBatchTooLargeException(
                        "record batch of " + size + " bytes exceeds segment.bytes " + config.segmentBytes());
            }
            MemoryRecords one = MemoryRecords.readableRecords(
                    buffer.duplicate().position(position).limit(position + size).slice());
            MutableRecordBatch batch = firstBatch(one);
            if (!batch.isValid()) {
                throw new CorruptRecordException("fetched batch at base offset " + batch.baseOffset()
                        + " failed its CRC check (stored crc " + batch.checksum() + ")");
            }
            if (!countFitsRange(batch, config.compact())) {
                throw new InvalidRecordException("fetched batch at base offset " + batch.baseOffset() + " holds "
                        + batch.countOrNull() + " records for offsets up to " + batch.lastOffset());
            }
            batches.add(new ValidBatch(one, batch));
            position += size;
        }
        return batches;
    }

    /**
     * Checks that fetched batches continue a log ending at {@code logEndOffset}: each starts where the one before it
     * (or the log) ends. With {@code allowOffsetGaps} (a compacted log, whose leader's cleaner emptied whole
     * batches) a batch may start later, never earlier.
     *
     * @throws UnexpectedAppendOffsetException for the first batch that does not
     */
    static void checkFollowerOffsets(
            List<ValidBatch> batches, long logEndOffset, boolean allowOffsetGaps, TopicPartition topicPartition) {
        long expected = logEndOffset;
        for (ValidBatch valid : batches) {
            long baseOffset = valid.batch().baseOffset();
            if (baseOffset < expected || (baseOffset > expected && !allowOffsetGaps)) {
                String after = expected == logEndOffset ? "the log end offset " : "the end of the batch before, ";
                throw new UnexpectedAppendOffsetException(
                        "fetched batch for " + topicPartition + " starts at offset " + baseOffset + " (last offset "
                                + valid.batch().lastOffset() + ") instead of at " + after + expected,
                        baseOffset,
                        expected);
            }
            expected = valid.batch().lastOffset() + 1;
        }
    }

    /**
     * Whether a batch read back from a segment is whole, uncorrupted and has the expected base offset. With
     * {@code allowOffsetGaps} (segments the cleaner rewrote) the base offset may be above the expected one and the
     * batch may hold fewer records than its offset range, down to none (an idempotent producer's last batch).
     */
    static boolean isIntact(RecordBatch batch, long expectedBaseOffset, boolean allowOffsetGaps) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            return false;
        }
        boolean offsetOk =
                allowOffsetGaps ? batch.baseOffset() >= expectedBaseOffset : batch.baseOffset() == expectedBaseOffset;
        return offsetOk && batch.isValid() && countFitsRange(batch, allowOffsetGaps);
    }

    /** Whether the record count equals the offset range, or with {@code allowOffsetGaps} is at most it. */
    private static boolean countFitsRange(RecordBatch batch, boolean allowOffsetGaps) {
        Integer count = batch.countOrNull();
        long span = batch.lastOffset() - batch.baseOffset() + 1;
        if (count == null || span <= 0) {
            return false;
        }
        return allowOffsetGaps ? count >= 0 && count <= span : count > 0 && count == span;
    }

    private static void checkFraming(ByteBuffer buffer, int start, int size) {
        long declared = (long) buffer.getInt(start + Records.SIZE_OFFSET) + Records.LOG_OVERHEAD;
        if (declared > size) {
            throw new CorruptRecordException(
                    "record batch is truncated: header says " + declared + " bytes, request holds " + size);
        }
        if (declared < DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
            throw new CorruptRecordException("record batch declares " + declared + " bytes, less than its header");
        }
        if (declared < size) {
            int trailing = size - (int) declared;
            if (looksLikeBatch(buffer, start + (int) declared, trailing)) {
                throw new InvalidRecordException("a produce request must carry exactly one record batch per partition");
            }
            throw new CorruptRecordException(
                    "record batch size " + declared + " does not match the " + size + " bytes sent");
        }
    }

    private static boolean looksLikeBatch(ByteBuffer buffer, int at, int available) {
        if (available < Records.HEADER_SIZE_UP_TO_MAGIC) {
            return false;
        }
        long declared = (long) buffer.getInt(at + Records.SIZE_OFFSET) + Records.LOG_OVERHEAD;
        return declared >= Records.HEADER_SIZE_UP_TO_MAGIC && declared <= available;
    }

    private static void checkSize(int size, LogConfig config) {
        if (size > config.maxMessageBytes()) {
            throw new RecordTooLargeException(
                    "record batch of " + size + " bytes exceeds max.message.bytes " + config.maxMessageBytes());
        }
        if (size > Math.min(config.segmentBytes(), Integer.MAX_VALUE)) {
            throw new RecordBatchTooLargeException(
                    "record batch of " + size + " bytes exceeds segment.bytes " + config.segmentBytes());
        }
    }

    private static void checkOffsetsAndType(RecordBatch batch) {
        Integer count = batch.countOrNull();
        long lastOffsetDelta = batch.lastOffset() - batch.baseOffset();
        if (count == null || count <= 0 || lastOffsetDelta != count - 1) {
            throw new InvalidRecordException(
                    "record batch has " + count + " records but a last offset delta of " + lastOffsetDelta);
        }
        if (batch.isControlBatch()) {
            throw new InvalidRecordException("clients may not produce control batches");
        }
    }

    /** As Kafka does, only for compacted topics: every record needs a key for the cleaner to keep its latest. */
    private static void checkKeys(RecordBatch batch, TopicPartition topicPartition) {
        try (CloseableIterator<Record> records = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
            while (records.hasNext()) {
                if (!records.next().hasKey()) {
                    throw new InvalidRecordException(
                            "Compacted topic cannot accept message without key in topic partition " + topicPartition);
                }
            }
        } catch (KafkaException e) {
            throw new CorruptRecordException("records of the batch could not be read: " + e.getMessage(), e);
        }
    }

    private static MutableRecordBatch firstBatch(MemoryRecords records) {
        try {
            Iterator<MutableRecordBatch> batches = records.batches().iterator();
            if (!batches.hasNext()) {
                throw new CorruptRecordException("no complete record batch in " + records.sizeInBytes() + " bytes");
            }
            return batches.next();
        } catch (KafkaException e) {
            throw new CorruptRecordException("record batch could not be parsed: " + e.getMessage(), e);
        }
    }
}
