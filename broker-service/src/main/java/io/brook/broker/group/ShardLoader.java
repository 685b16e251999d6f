package io.brook.broker.group;

import io.brook.storage.LogReadResult;
import java.util.function.Consumer;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;

/**
 * Reads an offsets partition from its log start offset to its end and hands each decoded record, in offset order,
 * to the shard's replay: the same code that applies records after an append. Control batches and record kinds this
 * version does not know are skipped. Runs on the shard's thread.
 */
final class ShardLoader {

    static final int READ_BYTES = 1024 * 1024;

    private ShardLoader() {}

    /** @return how many offsets were read */
    static long load(CoordinatorLog log, Consumer<GroupRecord> replay) {
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        long replayed = 0;
        while (offset < end) {
            LogReadResult read = log.read(offset, READ_BYTES);
            if (read.records().isEmpty()) {
                break;
            }
            MemoryRecords records = MemoryRecords.readableRecords(read.records().readFully());
            long next = offset;
            for (MutableRecordBatch batch : records.batches()) {
                if (batch.lastOffset() >= offset && !batch.isControlBatch()) {
                    for (Record record : batch) {
                        if (record.offset() >= offset) {
                            GroupRecordCodec.decode(record).ifPresent(replay);
                        }
                    }
                }
                next = Math.max(next, batch.nextOffset());
            }
            if (next == offset) {
                throw new IllegalStateException("no complete batch at offset " + offset + " of the offsets partition");
            }
            replayed += next - offset;
            offset = next;
        }
        return replayed;
    }
}
