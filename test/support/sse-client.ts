/** A Server-Sent Events client for tests: reads a stream into parsed events until told to stop. */
import { expect } from 'vitest';

export interface SseEvent {
  id: string | null;
  event: string;
  data: unknown;
}

/** Reads an SSE stream until `until` says stop (or the server ends it), within `timeoutMs`. */
export async function readSse(
  url: string,
  headers: Record<string, string>,
  until: (e: SseEvent, all: SseEvent[]) => boolean,
  timeoutMs = 60_000,
): Promise<SseEvent[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const events: SseEvent[] = [];
  try {
    const res = await fetch(url, { headers, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const e: SseEvent = { id: null, event: 'message', data: null };
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) e.id = line.slice(4);
          else if (line.startsWith('event: ')) e.event = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (data === '') continue;
        e.data = JSON.parse(data);
        events.push(e);
        if (until(e, events)) {
          abort.abort();
          return events;
        }
      }
    }
    return events;
  } catch (err) {
    if ((err as Error).name === 'AbortError') return events;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
