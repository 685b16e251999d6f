// The REST client generated from the gateway's OpenAPI document (sdk/openapi.json) ...
export * from './generated/index.js';
// ... and the server-sent events subscriber, which an OpenAPI generator cannot produce.
export { subscribe, EventStreamError } from './events.js';
export type { RecordEvent, SubscribeOptions } from './events.js';
