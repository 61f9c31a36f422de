/**
 * The stream reader on the Argo Server's two wire formats, fed in awkward chunks: SSE (`data: {...} `,
 * blank lines, `:` keep-alives) and NDJSON; a stream error ends the stream with the server's message.
 */
import { describe, expect, it } from 'vitest';
import { parseStreamLine, readArgoStream } from '../src/argo/stream.js';
import { isZldError } from '../src/errors.js';

function body(text: string, chunk = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let i = 0;
  return new ReadableStream({
    pull(ctl) {
      if (i >= bytes.length) return ctl.close();
      ctl.enqueue(bytes.slice(i, i + chunk));
      i += chunk;
    },
  });
}

async function read(text: string, chunk?: number, onKeepAlive?: () => void) {
  const out: unknown[] = [];
  for await (const r of readArgoStream(body(text, chunk), { what: 'test', onKeepAlive })) out.push(r);
  return out;
}

describe('readArgoStream', () => {
  const a = { type: 'ADDED', object: { metadata: { name: 'é-ü' } } };
  const b = { type: 'MODIFIED', object: { metadata: { name: 'b' } } };

  it('reads SSE with the trailing space, blank lines and keep-alives, in any chunking', async () => {
    const sse = `data: ${JSON.stringify({ result: a })} \n\n:\n\ndata: ${JSON.stringify({ result: b })} \n\n`;
    for (const chunk of [1, 3, 7, 1000]) {
      let keepAlives = 0;
      expect(await read(sse, chunk, () => keepAlives++)).toEqual([a, b]);
      expect(keepAlives).toBe(1);
    }
  });

  it('reads NDJSON, with or without a final newline', async () => {
    const nd = `${JSON.stringify({ result: a })}\n${JSON.stringify({ result: b })}`;
    expect(await read(nd)).toEqual([a, b]);
    expect(await read(`${nd}\n`)).toEqual([a, b]);
  });

  it('ends with the server message on a stream error', async () => {
    const text = `${JSON.stringify({ result: a })}\n${JSON.stringify({ error: { grpc_code: 7, http_code: 403, message: 'forbidden here', http_status: 'Forbidden' } })}\n`;
    const seen: unknown[] = [];
    try {
      for await (const r of readArgoStream(body(text), { what: 'watch workflows', namespace: 'x' })) seen.push(r);
      throw new Error('no error');
    } catch (e) {
      expect(isZldError(e, 'AccessDenied')).toBe(true);
      expect((e as Error).message).toContain('cannot watch workflows: 403 forbidden here');
    }
    expect(seen).toEqual([a]);
  });

  it('classifies lines', () => {
    expect(parseStreamLine(':')).toEqual({ keepAlive: true });
    expect(parseStreamLine('data:{"x":1}')).toEqual({ json: '{"x":1}' });
    expect(parseStreamLine('event: message')).toBeUndefined();
    expect(parseStreamLine('\r')).toBeUndefined();
  });
});
