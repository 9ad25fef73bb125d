import { describe, expect, it } from 'vitest';
import { splitSseEvents } from './sse.ts';

describe('text/event-stream parsing (the fetch transport of authenticated streams)', () => {
  it('splits complete events, keeps the unfinished rest, skips comments and joins data lines', () => {
    const { events, rest } = splitSseEvents(
      ': stream open\n\nevent: ready\ndata: {"channel":"copytrade"}\n\nid: 7\nevent: signal\ndata: {"a":1,\ndata: "b":2}\n\nid: 8\nevent: posi',
    );
    expect(events).toEqual([
      { name: 'ready', data: '{"channel":"copytrade"}', id: '' },
      { name: 'signal', data: '{"a":1,\n"b":2}', id: '7' },
    ]);
    expect(rest).toBe('id: 8\nevent: posi');
    // The rest completes with the next chunk.
    expect(splitSseEvents(`${rest}tion\ndata: {}\n\n`).events).toEqual([
      { name: 'position', data: '{}', id: '8' },
    ]);
  });

  it('accepts CRLF line ends and defaults the event name to message', () => {
    expect(splitSseEvents('data: x\r\n\r\n').events).toEqual([{ name: 'message', data: 'x', id: '' }]);
  });
});
