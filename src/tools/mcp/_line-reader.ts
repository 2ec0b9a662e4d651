import { deserializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** JSON-RPC error code Warden answers an oversized message with, in place of the server's reply. */
export const resultTooLargeCode = -32_099;

/** What the reader saw in one chunk of stdout. */
export type LineEvent =
  | { kind: 'message'; message: JSONRPCMessage }
  | { kind: 'invalid'; error: Error }
  /** A line longer than the limit; `id` is the request it answered when it could be read from the line's ends. */
  | { kind: 'oversized'; id: string | number | undefined; bytes: number };

const edge = 256;
const newline = 0x0a;

/**
 * Splits a stdio stream into JSON-RPC messages, like the SDK's `ReadBuffer`, but a line over
 * `maxBytes` is skipped without being kept in memory and reported, with the id it answered,
 * as soon as its end arrives, so the waiting request can fail at once instead of timing out.
 */
export class LineReader {
  readonly #maxBytes: number;
  #chunks: Buffer[] = [];
  #size = 0;
  /** While skipping an oversized line: its first and last bytes, where the `id` usually is. */
  #skipping: { head: Buffer; tail: Buffer; bytes: number } | undefined;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  read(chunk: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(newline, start);
      const piece = chunk.subarray(start, end === -1 ? chunk.length : end);
      this.#take(piece);
      if (end === -1) return events;
      events.push(this.#finishLine());
      start = end + 1;
    }
  }

  clear(): void {
    this.#chunks = [];
    this.#size = 0;
    this.#skipping = undefined;
  }

  #take(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.#skipping) {
      this.#skipping.bytes += piece.length;
      this.#skipping.tail = Buffer.concat([this.#skipping.tail, piece]).subarray(-edge);
      return;
    }
    if (this.#size + piece.length <= this.#maxBytes) {
      this.#chunks.push(piece);
      this.#size += piece.length;
      return;
    }
    const line = Buffer.concat([...this.#chunks, piece]);
    this.#skipping = { head: line.subarray(0, edge), tail: line.subarray(-edge), bytes: line.length };
    this.#chunks = [];
    this.#size = 0;
  }

  #finishLine(): LineEvent {
    const skipped = this.#skipping;
    if (skipped) {
      this.#skipping = undefined;
      return { kind: 'oversized', id: idOf(skipped.head, skipped.tail), bytes: skipped.bytes };
    }
    const line = Buffer.concat(this.#chunks).toString('utf8').replace(/\r$/, '');
    this.#chunks = [];
    this.#size = 0;
    try {
      return { kind: 'message', message: deserializeMessage(line) };
    } catch (error) {
      return { kind: 'invalid', error: error as Error };
    }
  }
}

const idAtStart = /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/;
const idAtEnd = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*(?:,\s*"jsonrpc"\s*:\s*"2\.0"\s*)?\}\s*$/;

function idOf(head: Buffer, tail: Buffer): string | number | undefined {
  const match = idAtStart.exec(head.toString('utf8')) ?? idAtEnd.exec(tail.toString('utf8'));
  if (!match?.[1]) return undefined;
  return match[1].startsWith('"') ? (JSON.parse(match[1]) as string) : Number(match[1]);
}
