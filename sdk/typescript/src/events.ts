/**
 * Server-sent events of a topic (`GET /v1/topics/{topic}/events`) over `fetch`, for Node 20+ and
 * browsers. Unlike `EventSource` it can send `X-API-Key` and `Authorization` headers and stop on
 * an `AbortSignal`.
 *
 * Each event's `id` is the stream's cursor after that event. Passing the id of the last event
 * handled as `lastEventId` to a new subscription resumes right after it, on any gateway: nothing
 * is skipped and nothing is delivered twice.
 *
 * ```ts
 * for await (const event of subscribe({ baseUrl, topic: 'orders', from: 'beginning', signal })) {
 *   handle(event.record);
 *   saveCursor(event.id);
 * }
 * ```
 */
import { type ConsumedRecord, ConsumedRecordFromJSON } from './generated/models/index.js';

export interface SubscribeOptions {
    /** The gateway, e.g. `http://localhost:8080`. */
    baseUrl: string;
    topic: string;
    /** Where to start without a cursor: `beginning`, `end` (the gateway's default) or epoch milliseconds. */
    from?: 'beginning' | 'end' | number;
    /** Partitions to stream; all by default. */
    partitions?: number[];
    /** Resume right after the event with this id (sent as the `Last-Event-ID` header). */
    lastEventId?: string;
    /** Resume after this cursor, sent as `?cursor=`; `lastEventId` wins when both are given. */
    cursor?: string;
    /** `string` (default), `json` or `base64`. */
    keyFormat?: 'string' | 'json' | 'base64';
    /** `json` (default), `string` or `base64`. */
    valueFormat?: 'string' | 'json' | 'base64';
    /** Sent as `X-API-Key`. */
    apiKey?: string;
    /** A JWT, sent as `Authorization: Bearer ...`. */
    accessToken?: string;
    /** More headers for the request. */
    headers?: Record<string, string>;
    /** Aborting ends the iteration quietly and closes the connection. */
    signal?: AbortSignal;
    /** A `fetch` to use instead of the global one. */
    fetch?: typeof fetch;
}

/** One `record` event: the record and the cursor to resume after it. */
export interface RecordEvent {
    id: string;
    record: ConsumedRecord;
}

/** The gateway refused the stream (HTTP status, problem details) or ended it with an `error` event. */
export class EventStreamError extends Error {
    constructor(
        message: string,
        readonly status: number | undefined,
        readonly problem: unknown,
    ) {
        super(message);
        this.name = 'EventStreamError';
    }
}

/** Streams a topic's records until the signal aborts, the caller stops iterating, or the stream fails. */
export async function* subscribe(options: SubscribeOptions): AsyncGenerator<RecordEvent, void, undefined> {
    const doFetch = options.fetch ?? fetch;
    let response: Response;
    try {
        response = await doFetch(streamUrl(options), {
            method: 'GET',
            headers: requestHeaders(options),
            signal: options.signal,
            cache: 'no-store',
        });
    } catch (error) {
        if (options.signal?.aborted) {
            return;
        }
        throw error;
    }
    if (!response.ok || response.body === null) {
        const problem = await response.json().catch(() => undefined);
        throw new EventStreamError(
            `GET ${streamUrl(options)} answered ${response.status}: ${describe(problem)}`,
            response.status,
            problem,
        );
    }
    const reader = response.body.getReader();
    try {
        for await (const event of parse(reader, options.signal)) {
            if (event.type === 'record') {
                yield { id: event.id, record: ConsumedRecordFromJSON(JSON.parse(event.data)) };
            } else if (event.type === 'error') {
                const problem = safeJson(event.data);
                throw new EventStreamError(`the stream ended with an error: ${describe(problem)}`, undefined, problem);
            }
        }
    } finally {
        // Also runs when the caller breaks out of its loop: close the connection.
        await reader.cancel().catch(() => undefined);
    }
}

function streamUrl(options: SubscribeOptions): string {
    const query = new URLSearchParams();
    if (options.from !== undefined) {
        query.set('from', String(options.from));
    }
    if (options.partitions?.length) {
        query.set('partitions', options.partitions.join(','));
    }
    if (options.cursor) {
        query.set('cursor', options.cursor);
    }
    if (options.keyFormat) {
        query.set('keyFormat', options.keyFormat);
    }
    if (options.valueFormat) {
        query.set('valueFormat', options.valueFormat);
    }
    const base = options.baseUrl.replace(/\/+$/, '');
    const search = query.toString();
    return `${base}/v1/topics/${encodeURIComponent(options.topic)}/events${search ? `?${search}` : ''}`;
}

function requestHeaders(options: SubscribeOptions): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...options.headers };
    if (options.lastEventId) {
        headers['Last-Event-ID'] = options.lastEventId;
    }
    if (options.apiKey) {
        headers['X-API-Key'] = options.apiKey;
    }
    if (options.accessToken) {
        headers['Authorization'] = `Bearer ${options.accessToken}`;
    }
    return headers;
}

interface ParsedEvent {
    type: string;
    data: string;
    id: string;
}

/**
 * The event stream format of the HTML standard: lines end in CRLF, LF or CR; a blank line
 * dispatches the event; lines starting with ':' are comments (the gateway's heartbeats).
 */
async function* parse(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    signal: AbortSignal | undefined,
): AsyncGenerator<ParsedEvent> {
    const decoder = new TextDecoder();
    let buffer = '';
    let type = '';
    let data: string[] = [];
    let lastId = '';
    for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
            chunk = await reader.read();
        } catch (error) {
            if (signal?.aborted) {
                return;
            }
            throw error;
        }
        buffer += chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
        let position = 0;
        for (;;) {
            const end = lineEnd(buffer, position);
            // A CR at the end of the buffer may be the first half of a CRLF: wait for the next chunk.
            if (end < 0 || (buffer[end] === '\r' && end === buffer.length - 1 && !chunk.done)) {
                break;
            }
            const line = buffer.slice(position, end);
            position = end + (buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1);
            if (line === '') {
                if (data.length > 0) {
                    yield { type: type || 'message', data: data.join('\n'), id: lastId };
                }
                type = '';
                data = [];
                continue;
            }
            if (line.startsWith(':')) {
                continue;
            }
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let value = colon < 0 ? '' : line.slice(colon + 1);
            if (value.startsWith(' ')) {
                value = value.slice(1);
            }
            if (field === 'event') {
                type = value;
            } else if (field === 'data') {
                data.push(value);
            } else if (field === 'id' && !value.includes('\0')) {
                lastId = value;
            }
        }
        buffer = buffer.slice(position);
        if (chunk.done) {
            return;
        }
    }
}

function lineEnd(text: string, from: number): number {
    for (let i = from; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 13) {
            return i;
        }
    }
    return -1;
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function describe(problem: unknown): string {
    if (problem && typeof problem === 'object') {
        const { title, detail } = problem as { title?: unknown; detail?: unknown };
        return [title, detail].filter((part) => typeof part === 'string' && part).join(': ') || JSON.stringify(problem);
    }
    return String(problem ?? 'no details');
}
