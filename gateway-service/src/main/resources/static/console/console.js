/*
 * Brook gateway console: topics, produce, live tail. Plain browser JavaScript, no build step.
 *
 * The live tail is one EventSource on /v1/topics/{topic}/events. While it is connecting again on
 * its own (a dropped connection), the browser resends the last event id as Last-Event-ID and the
 * gateway resumes right after it. When it gives up (readyState CLOSED: a non-200 answer, or
 * closed by code), this page opens a new one with ?cursor=<last event id>, which the gateway
 * treats the same way; so the tail shows every record exactly once across reconnects.
 */
(function () {
    'use strict';

    const API_KEY_STORAGE = 'brook.console.apiKey';
    const MAX_SHOWN_RECORDS = 1000;
    const REOPEN_MIN_DELAY_MS = 250;
    const REOPEN_MAX_DELAY_MS = 15000;
    const WATCHDOG_INTERVAL_MS = 1000;

    const $ = (id) => document.getElementById(id);

    // ---- API key and fetch -------------------------------------------------------------------

    function apiKey() {
        try {
            return sessionStorage.getItem(API_KEY_STORAGE) || '';
        } catch (e) {
            return '';
        }
    }

    function headers(extra) {
        const h = Object.assign({Accept: 'application/json, application/problem+json'}, extra || {});
        const key = apiKey();
        if (key) {
            h['X-API-Key'] = key;
        }
        return h;
    }

    /** Error carrying an RFC 9457 problem document (or what we could make of the answer). */
    class ProblemError extends Error {
        constructor(status, problem) {
            super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
            this.status = status;
            this.problem = problem;
        }
    }

    async function api(path, options) {
        const response = await fetch(path, Object.assign({}, options, {headers: headers(options && options.headers)}));
        const text = await response.text();
        let body = null;
        if (text) {
            try {
                body = JSON.parse(text);
            } catch (e) {
                body = {detail: text};
            }
        }
        if (!response.ok) {
            throw new ProblemError(response.status, body);
        }
        return body;
    }

    const topicPath = (topic) => '/v1/topics/' + encodeURIComponent(topic);

    function showError(element, error) {
        element.textContent = error instanceof Error ? error.message : String(error);
        element.hidden = false;
    }

    // ---- Topics ------------------------------------------------------------------------------

    let selectedTopic = null;

    async function loadTopics() {
        const error = $('topics-error');
        error.hidden = true;
        let topics;
        try {
            topics = await api('/v1/topics');
        } catch (e) {
            showError(error, e);
            return;
        }
        const list = $('topic-list');
        const names = $('topic-names');
        list.replaceChildren();
        names.replaceChildren();
        if (topics.length === 0) {
            const empty = document.createElement('li');
            empty.className = 'empty';
            empty.textContent = 'No topics.';
            list.append(empty);
        }
        for (const topic of topics) {
            const item = document.createElement('li');
            const button = document.createElement('button');
            button.type = 'button';
            button.className = 'topic';
            button.dataset.topic = topic.name;
            button.dataset.testid = 'topic';
            button.setAttribute('aria-pressed', String(topic.name === selectedTopic));
            button.textContent = topic.name;
            const count = document.createElement('span');
            count.className = 'hint';
            count.textContent = ' ' + topic.partitions + (topic.partitions === 1 ? ' partition' : ' partitions')
                + (topic.internal ? ', internal' : '');
            button.append(count);
            button.addEventListener('click', () => selectTopic(topic.name));
            item.append(button);
            list.append(item);
            const option = document.createElement('option');
            option.value = topic.name;
            names.append(option);
        }
    }

    async function selectTopic(name) {
        selectedTopic = name;
        for (const button of document.querySelectorAll('#topic-list button.topic')) {
            button.setAttribute('aria-pressed', String(button.dataset.topic === name));
        }
        for (const input of [$('produce-topic'), $('tail-topic')]) {
            if (!input.value) {
                input.value = name;
            }
        }
        await loadDetails();
    }

    async function loadDetails() {
        if (!selectedTopic) {
            return;
        }
        const error = $('topics-error');
        error.hidden = true;
        let details;
        try {
            details = await api(topicPath(selectedTopic));
        } catch (e) {
            showError(error, e);
            return;
        }
        $('details-name').textContent = details.name;
        const rows = $('partition-rows');
        rows.replaceChildren();
        for (const p of details.partitions) {
            const row = document.createElement('tr');
            row.dataset.partition = String(p.partition);
            row.dataset.testid = 'partition-row';
            const cells = [
                ['partition', p.partition],
                ['leader', p.leader == null ? 'none' : p.leader],
                ['replicas', (p.replicas || []).join(', ')],
                ['isr', (p.isr || []).join(', ')],
                ['earliest', p.earliestOffset == null ? '?' : p.earliestOffset],
                ['latest', p.latestOffset == null ? '?' : p.latestOffset],
            ];
            for (const [field, value] of cells) {
                const cell = document.createElement(field === 'partition' ? 'th' : 'td');
                if (field === 'partition') {
                    cell.scope = 'row';
                }
                cell.dataset.field = field;
                cell.textContent = String(value);
                row.append(cell);
            }
            rows.append(row);
        }
        $('topic-details').hidden = false;
    }

    async function refresh() {
        await loadTopics();
        await loadDetails();
    }

    // ---- Produce -----------------------------------------------------------------------------

    function produceResult(state, text, outcome) {
        const result = $('produce-result');
        result.dataset.state = state;
        result.textContent = text;
        delete result.dataset.partition;
        delete result.dataset.offset;
        if (outcome) {
            result.dataset.partition = String(outcome.partition);
            if (outcome.offset != null) {
                result.dataset.offset = String(outcome.offset);
            }
        }
    }

    async function produce(event) {
        event.preventDefault();
        const form = event.target;
        const topic = $('produce-topic').value.trim();
        const key = $('produce-key').value;
        const raw = $('produce-value').value;
        const valueFormat = form.elements.valueFormat.value;
        const partitionText = $('produce-partition').value.trim();
        const record = {};
        if (key !== '') {
            record.key = key;
        }
        if (valueFormat === 'json') {
            try {
                record.value = JSON.parse(raw);
            } catch (e) {
                produceResult('error', 'The value is not JSON (' + e.message + '); pick "text" to send it as is.');
                return;
            }
        } else {
            record.value = raw;
        }
        if (partitionText !== '') {
            record.partition = Number(partitionText);
        }
        produceResult('sending', 'Sending…');
        $('produce-submit').disabled = true;
        try {
            const answer = await api(topicPath(topic) + '/records', {
                method: 'POST',
                headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({valueFormat: valueFormat, records: [record]}),
            });
            const outcome = answer.offsets[0];
            if (outcome.error) {
                produceResult('error', outcome.error.code + ': ' + outcome.error.message, outcome);
            } else if (outcome.offset == null) {
                produceResult('ok', 'Sent to partition ' + outcome.partition + ' (offset unknown)', outcome);
            } else {
                produceResult('ok', 'Written to partition ' + outcome.partition + ' at offset ' + outcome.offset,
                    outcome);
            }
            if (topic === selectedTopic) {
                loadDetails();
            }
        } catch (e) {
            produceResult('error', e.message);
        } finally {
            $('produce-submit').disabled = false;
        }
    }

    // ---- Live tail ---------------------------------------------------------------------------

    /** One live tail at a time; its state is here so tests and curious users can look at it. */
    const tail = {
        source: null,
        topic: null,
        from: 'end',
        lastEventId: null,
        running: false,
        reconnects: 0,
        failures: 0,
        count: 0,
        reopenTimer: null,
        watchdog: null,
    };

    function setStatus(state) {
        const status = $('tail-status');
        status.dataset.state = state;
        status.textContent = state;
    }

    function tailUrl() {
        const query = tail.lastEventId
            ? 'cursor=' + encodeURIComponent(tail.lastEventId)
            : 'from=' + encodeURIComponent(tail.from);
        // EventSource cannot send headers; the gateway takes the key as api_key on event streams.
        const key = apiKey();
        return topicPath(tail.topic) + '/events?' + query + (key ? '&api_key=' + encodeURIComponent(key) : '');
    }

    function openSource() {
        tail.reopenTimer = null;
        if (!tail.running) {
            return;
        }
        const source = new EventSource(tailUrl());
        tail.source = source;
        source.addEventListener('open', () => {
            if (tail.source === source) {
                tail.failures = 0;
                setStatus('open');
            }
        });
        source.addEventListener('record', (event) => {
            if (tail.source !== source) {
                return;
            }
            tail.lastEventId = event.lastEventId;
            showRecord(JSON.parse(event.data));
        });
        source.addEventListener('error', () => {
            if (tail.source !== source || !tail.running) {
                return;
            }
            if (source.readyState === EventSource.CONNECTING) {
                // The browser reconnects by itself and sends Last-Event-ID.
                setStatus('reconnecting');
            } else if (source.readyState === EventSource.CLOSED) {
                scheduleReopen();
            }
        });
    }

    /** Opens a new EventSource after a back-off, resuming with ?cursor= from the last event seen. */
    function scheduleReopen() {
        if (tail.reopenTimer !== null || !tail.running) {
            return;
        }
        if (tail.source) {
            tail.source.close();
        }
        tail.reconnects++;
        $('tail-reconnects').textContent = String(tail.reconnects);
        setStatus('reconnecting');
        const delay = Math.min(REOPEN_MAX_DELAY_MS, REOPEN_MIN_DELAY_MS * Math.pow(2, tail.failures));
        tail.failures++;
        tail.reopenTimer = setTimeout(openSource, delay);
    }

    function startTail(event) {
        event.preventDefault();
        stopTail();
        tail.topic = $('tail-topic').value.trim();
        tail.from = $('tail-from').value;
        tail.lastEventId = null;
        tail.running = true;
        tail.failures = 0;
        setStatus('connecting');
        $('tail-start').disabled = true;
        $('tail-stop').disabled = false;
        openSource();
        // An EventSource closed without an error event (by code, or by a browser that gave up
        // silently) is noticed here.
        tail.watchdog = setInterval(() => {
            if (tail.running && tail.source && tail.source.readyState === EventSource.CLOSED) {
                scheduleReopen();
            }
        }, WATCHDOG_INTERVAL_MS);
    }

    function stopTail() {
        tail.running = false;
        if (tail.source) {
            tail.source.close();
            tail.source = null;
        }
        clearTimeout(tail.reopenTimer);
        tail.reopenTimer = null;
        clearInterval(tail.watchdog);
        tail.watchdog = null;
        setStatus('stopped');
        $('tail-start').disabled = false;
        $('tail-stop').disabled = true;
    }

    function clearTail() {
        tail.count = 0;
        $('tail-count').textContent = '0';
        $('tail-records').replaceChildren();
    }

    /** Text of a key or value as the gateway sent it; base64 (bytes not JSON) shown as UTF-8 if it is. */
    function display(data, format) {
        if (data === null || data === undefined) {
            return 'null';
        }
        if (format === 'base64') {
            try {
                const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
                return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
            } catch (e) {
                return 'base64:' + data;
            }
        }
        return typeof data === 'string' ? data : JSON.stringify(data);
    }

    function field(name, text) {
        const span = document.createElement('span');
        span.className = name;
        span.dataset.field = name;
        span.textContent = text;
        return span;
    }

    function showRecord(record) {
        const item = document.createElement('li');
        item.dataset.testid = 'tail-record';
        item.dataset.partition = String(record.partition);
        item.dataset.offset = String(record.offset);
        item.append(
            field('position', 'p' + record.partition + ' @ ' + record.offset),
            field('key', display(record.key, record.keyFormat)),
            field('value', display(record.value, record.valueFormat)),
            field('time', new Date(record.timestamp).toISOString()));
        const list = $('tail-records');
        list.prepend(item);
        while (list.childElementCount > MAX_SHOWN_RECORDS) {
            list.lastElementChild.remove();
        }
        tail.count++;
        $('tail-count').textContent = String(tail.count);
    }

    // ---- Wiring ------------------------------------------------------------------------------

    function init() {
        $('api-key').value = apiKey();
        $('api-key-form').addEventListener('submit', (event) => {
            event.preventDefault();
            sessionStorage.setItem(API_KEY_STORAGE, $('api-key').value);
            refresh();
        });
        $('api-key-clear').addEventListener('click', () => {
            sessionStorage.removeItem(API_KEY_STORAGE);
            $('api-key').value = '';
        });
        $('topics-refresh').addEventListener('click', refresh);
        $('produce-form').addEventListener('submit', produce);
        $('tail-form').addEventListener('submit', startTail);
        $('tail-stop').addEventListener('click', stopTail);
        $('tail-clear').addEventListener('click', clearTail);
        window.addEventListener('pagehide', stopTail);
        loadTopics();
    }

    window.brookConsole = {tail: tail, refresh: refresh};
    document.addEventListener('DOMContentLoaded', init);
})();
