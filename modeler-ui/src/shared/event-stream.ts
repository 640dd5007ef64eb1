import type { BpmEvent } from './contract.js';
import { SseParser } from './sse-parser.js';

export type StreamState = 'live' | 'reconnecting' | 'polling';

export interface EventStreamOptions {
  token: () => string | null | undefined;
  /** Who is following: managers, admins and `integrations` read the whole outbox (CONTRACT §2), others their tasks' events. */
  groups: string[];
  onEvent(event: BpmEvent): void;
  onState?(state: StreamState): void;
  /** Called every few seconds when the stream cannot be had (no right to read events). */
  onPoll?(): void;
}

const RETRY_MS = [500, 1000, 2000, 5000];
const LAST_EVENT_KEY = 'bpm.lastEventId';
const POLL_MS = 3000;

type Subscriber = Pick<EventStreamOptions, 'onEvent' | 'onState' | 'onPoll'>;

/**
 * One connection per stream and tab, shared by every page part that follows it (the
 * inbox, the task page, the bell): a browser keeps at most six connections to one host
 * over HTTP/1.1, and a few tabs each holding several streams would leave none for the
 * pages' own requests.
 */
interface Channel {
  subscribers: Set<Subscriber>;
  state: StreamState | undefined;
  stop(): void;
}

const channels = new Map<string, Channel>();

/**
 * Follows `GET /api/events/stream` with `fetch`, so the token travels in the
 * `Authorization` header and never in a URL (EventSource cannot send headers). After a
 * disconnect it resumes with `Last-Event-ID`, so no event is lost or repeated. Managers
 * (and admins, integrations) follow the whole outbox, every other employee the events of
 * the tasks they may read (`/api/me/task-events/stream`); a server that refuses the
 * stream gets polling every 3 s instead, so the pages stay current for everyone.
 */
export function followEvents({ token, groups, onEvent, onState, onPoll }: EventStreamOptions): () => void {
  const streamPath = mayFollowEvents(groups) ? '/api/events/stream' : '/api/me/task-events/stream';
  let channel = channels.get(streamPath);
  if (!channel) {
    channel = openChannel(streamPath, token);
    channels.set(streamPath, channel);
  }
  const subscriber: Subscriber = { onEvent, onState, onPoll };
  channel.subscribers.add(subscriber);
  const joined = channel;
  // Told the stream's state as a page that opened it would be: after it has mounted.
  queueMicrotask(() => {
    if (joined.state && joined.subscribers.has(subscriber)) onState?.(joined.state);
  });
  return () => {
    joined.subscribers.delete(subscriber);
    if (joined.subscribers.size > 0) return;
    joined.stop();
    if (channels.get(streamPath) === joined) channels.delete(streamPath);
  };
}

function openChannel(streamPath: string, token: () => string | null | undefined): Channel {
  const controller = new AbortController();
  // The last event this tab has seen on this stream: a page opened later resumes there
  // instead of reading the outbox from its start again. The two streams share ids but not
  // contents, so each keeps its own resume point.
  const lastKey = `${LAST_EVENT_KEY}:${streamPath}`;
  let lastId: string | undefined = sessionStorage.getItem(lastKey) ?? undefined;
  let attempt = 0;
  let stopped = false;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  const channel: Channel = {
    subscribers: new Set(),
    state: undefined,
    stop() {
      stopped = true;
      controller.abort();
      if (pollTimer) clearInterval(pollTimer);
    },
  };
  const each = (call: (subscriber: Subscriber) => void) => {
    // A copy, and checked again: a page that leaves while others are called is not called.
    for (const subscriber of [...channel.subscribers]) if (channel.subscribers.has(subscriber)) call(subscriber);
  };
  const setState = (state: StreamState) => {
    channel.state = state;
    each((subscriber) => subscriber.onState?.(state));
  };
  const poll = () => {
    setState('polling');
    if (!pollTimer) pollTimer = setInterval(() => each((subscriber) => subscriber.onPoll?.()), POLL_MS);
  };

  const connect = async (): Promise<void> => {
    while (!stopped) {
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        const bearer = token();
        if (bearer) headers.authorization = `Bearer ${bearer}`;
        if (lastId) headers['last-event-id'] = lastId;
        const response = await fetch(streamPath, { headers, signal: controller.signal });
        if (response.status === 401 || response.status === 403 || response.status === 404 || response.status === 405) {
          await response.body?.cancel();
          poll();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        attempt = 0;
        setState('live');
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const message of parser.push(value)) {
            if (message.id) {
              lastId = message.id;
              sessionStorage.setItem(lastKey, lastId);
            }
            if (!message.data) continue;
            let event: BpmEvent;
            try {
              event = JSON.parse(message.data) as BpmEvent;
            } catch {
              continue; // a keep-alive or a line that is not JSON: nothing to refresh for
            }
            each((subscriber) => subscriber.onEvent(event));
          }
        }
      } catch (error) {
        if (stopped || (error as Error).name === 'AbortError') return;
      }
      if (stopped) return;
      setState('reconnecting');
      each((subscriber) => subscriber.onPoll?.()); // catch up on what changed while disconnected
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]));
    }
  };
  void connect();
  return channel;
}

export function mayFollowEvents(groups: string[]): boolean {
  return groups.some((group) => group === 'managers' || group === 'admin' || group === 'integrations');
}

/** Calls `refresh` at most once per `ms`, trailing, for bursts of events. */
export function coalesce(refresh: () => void | Promise<void>, ms = 150): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void refresh();
    }, ms);
  };
}
