// The TypeScript SDK against a running gateway: BROOK_GATEWAY_URL (required), BROOK_API_KEY
// (when the gateway has security on) and BROOK_TOPIC (a one-partition topic to use instead of
// creating one). Run by SdkIT in the Maven build; by hand: npm run build && npm test.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';

import { Configuration, RecordsApi, TopicsApi, subscribe } from '../dist/index.js';

const baseUrl = process.env.BROOK_GATEWAY_URL;
const apiKey = process.env.BROOK_API_KEY || undefined;
const config = new Configuration({ basePath: baseUrl, apiKey });
const topicsApi = new TopicsApi(config);
const records = new RecordsApi(config);

async function topicForTest() {
    if (process.env.BROOK_TOPIC) {
        return process.env.BROOK_TOPIC;
    }
    const name = `ts-sdk-${randomUUID().slice(0, 8)}`;
    const created = await topicsApi.createTopic({
        createTopicRequest: { name, partitions: 1, replicationFactor: 1 },
    });
    assert.equal(created.name, name);
    return name;
}

async function produce(topic, values) {
    const response = await records.produce({
        topic,
        produceRequest: { records: values.map((value) => ({ key: 'k', value })) },
    });
    assert.equal(response.offsets.length, values.length);
    for (const outcome of response.offsets) {
        assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
        assert.equal(outcome.partition, 0);
    }
    return response.offsets.map((outcome) => outcome.offset);
}

/** Takes `count` events of a subscription, then aborts it; answers them. */
async function take(options, count) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 20_000);
    const events = [];
    try {
        for await (const event of subscribe({ ...options, baseUrl, apiKey, signal: controller.signal })) {
            events.push(event);
            if (events.length === count) {
                controller.abort();
            }
        }
    } finally {
        clearTimeout(timer);
    }
    return events;
}

test('produce, read back and stream with resume', { skip: !baseUrl && 'BROOK_GATEWAY_URL is not set' }, async () => {
    const topic = await topicForTest();

    const first = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const offsets = await produce(topic, first);
    const base = offsets[0];
    assert.deepEqual(offsets, [base, base + 1, base + 2]);

    const page = await records.readPartition({ topic, partition: 0, offset: base, timeoutMs: 5000 });
    assert.deepEqual(
        page.records.map((record) => record.value),
        first,
    );
    assert.equal(page.records[0].key, 'k');
    assert.equal(page.nextOffset, base + 3);

    // From the beginning: everything so far, each event carrying the cursor after it.
    const head = await take({ topic, from: 'beginning' }, base + 3);
    assert.equal(head.length, base + 3, 'the stream ended before the produced records arrived');
    assert.deepEqual(
        head.slice(base).map((event) => event.record.value),
        first,
    );
    assert.deepEqual(
        head.map((event) => event.record.offset),
        [...Array(base + 3).keys()],
    );
    const resumeAfter = head.at(-1).id;
    assert.equal(resumeAfter, `0:${base + 3}`);

    // Newer records, then a resumed subscription: only those, nothing twice.
    const second = [{ n: 4 }, { n: 5 }];
    await produce(topic, second);
    const tail = await take({ topic, from: 'beginning', lastEventId: resumeAfter }, second.length);
    assert.deepEqual(
        tail.map((event) => event.record.value),
        second,
    );
    assert.deepEqual(
        tail.map((event) => event.record.offset),
        [base + 3, base + 4],
    );

    // The same by ?cursor=.
    const byCursor = await take({ topic, cursor: resumeAfter }, 1);
    assert.equal(byCursor[0].record.offset, base + 3);
});

test('an unknown topic is a problem, not a stream', { skip: !baseUrl && 'BROOK_GATEWAY_URL is not set' }, async () => {
    await assert.rejects(
        take({ topic: `missing-${randomUUID()}` }, 1),
        (error) => error.name === 'EventStreamError' && error.status === 404,
    );
});
