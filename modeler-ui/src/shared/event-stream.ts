import type { BpmEvent } from './contract.js';
import { SseParser } from './sse-parser.js';

export type StreamState = 'live' | 'reconnecting' | 'polling';

export interface EventStreamOptions {
  token: () => string | null | undefined;
  /** Who is following: only managers, admins and `integrations` may read the stream (CONTRACT §2). */
  groups: string[];
  onEvent(event: BpmEvent): void;
  onState?(state: StreamState): void;
  /** Called every few seconds when the stream cannot be had (no right to read events). */
  onPoll?(): void;
}

const RETRY_MS = [500, 1000, 2000, 5000];
const LAST_EVENT_KEY = 'bpm.lastEventId';
const POLL_MS = 3000;

/**
 * Follows `GET /api/events/stream` with `fetch`, so the token travels in the
 * `Authorization` header and never in a URL (EventSource cannot send headers). After a
 * disconnect it resumes with `Last-Event-ID`, so no event is lost or repeated. Users who
 * may not read events, or a server that refuses the stream, get polling every 3 s instead,
 * so the pages stay current for everyone.
 */
export function followEvents({ token, groups, onEvent, onState, onPoll }: EventStreamOptions): () => void {
  const controller = new AbortController();
  // The last event this tab has seen: a page opened later resumes there instead of
  // reading the outbox from its start again.
  let lastId: string | undefined = sessionStorage.getItem(LAST_EVENT_KEY) ?? undefined;
  let attempt = 0;
  let stopped = false;
  let pollTimer: ReturnType<typeof setInterval> | undefined;

  const poll = () => {
    onState?.('polling');
    if (!pollTimer) pollTimer = setInterval(() => onPoll?.(), POLL_MS);
  };

  const connect = async (): Promise<void> => {
    while (!stopped) {
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        const bearer = token();
        if (bearer) headers.authorization = `Bearer ${bearer}`;
        if (lastId) headers['last-event-id'] = lastId;
        const response = await fetch('/api/events/stream', { headers, signal: controller.signal });
        if (response.status === 401 || response.status === 403 || response.status === 404 || response.status === 405) {
          await response.body?.cancel();
          poll();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        attempt = 0;
        onState?.('live');
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const message of parser.push(value)) {
            if (message.id) {
              lastId = message.id;
              sessionStorage.setItem(LAST_EVENT_KEY, lastId);
            }
            if (!message.data) continue;
            try {
              onEvent(JSON.parse(message.data) as BpmEvent);
            } catch {
              // A keep-alive or a line that is not JSON: nothing to refresh for.
            }
          }
        }
      } catch (error) {
        if (stopped || (error as Error).name === 'AbortError') return;
      }
      if (stopped) return;
      onState?.('reconnecting');
      onPoll?.(); // catch up on what changed while disconnected
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]));
    }
  };
  // Employees may not read the outbox; asking would only log a 403 in their console.
  if (mayFollowEvents(groups)) void connect();
  else poll();
  return () => {
    stopped = true;
    controller.abort();
    if (pollTimer) clearInterval(pollTimer);
  };
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
