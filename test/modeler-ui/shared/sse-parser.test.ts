import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../modeler-ui/src/shared/sse-parser.js';

describe('SseParser', () => {
  it('should read id, event and data of each event, ignoring comments', () => {
    // given
    const parser = new SseParser();
    // when
    const events = parser.push(': keep-alive\n\nid: 7\nevent: task.created\ndata: {"id":7}\n\nid: 8\ndata: {"id":8}\n\n');
    // then
    expect(events).toEqual([
      { id: '7', event: 'task.created', data: '{"id":7}' },
      { id: '8', event: 'message', data: '{"id":8}' },
    ]);
  });

  it('should join an event that arrives split across chunks, with CRLF line ends', () => {
    // given
    const parser = new SseParser();
    // when
    const first = parser.push('id: 9\r\nda');
    const second = parser.push('ta: line one\r\ndata: line two\r\n');
    const third = parser.push('\r\n');
    // then
    expect(first).toEqual([]);
    expect(second).toEqual([]);
    expect(third).toEqual([{ id: '9', event: 'message', data: 'line one\nline two' }]);
  });

  it('should keep the last id for events that do not repeat it', () => {
    // given
    const parser = new SseParser();
    parser.push('id: 3\ndata: a\n\n');
    // when
    const events = parser.push('data: b\n\n');
    // then
    expect(events).toEqual([{ id: '3', event: 'message', data: 'b' }]);
  });
});
