package io.brook.broker.group;

/**
 * Where a consumer-group operation puts the records it decided on: the records of the {@link CoordinatorResult} the
 * shard is building for that operation, appended and replayed together with everything else the operation wrote.
 */
@FunctionalInterface
interface ConsumerRecordSink {

    void record(ConsumerGroupRecord record);
}
