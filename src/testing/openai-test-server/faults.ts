/**
 * A failure a test server plays instead of a normal answer.
 * - `status`: answers with this HTTP status (e.g. 429 with `retry-after`, 500).
 * - `hang`: never answers; the connection is released on `close()` or when the client gives up.
 * - `malformed-json`: a 200 whose JSON does not parse (in a stream: an event whose data is not JSON).
 * - `truncated-stream`: a few events, then the response ends mid-event with no terminator.
 * - `invalid-tool-arguments`: a tool call whose arguments are not JSON.
 * - `reset`: destroys the socket before answering.
 */
export type TestServerFault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'hang' }
  | { kind: 'malformed-json' }
  | { kind: 'truncated-stream' }
  | { kind: 'invalid-tool-arguments' }
  | { kind: 'reset' };

export interface InjectFaultOptions {
  /** How many of the next requests get this fault. @default 1 */
  times?: number;
}

/** Faults waiting for the next requests, in the order they were injected. */
export class FaultQueue {
  private readonly queue: Array<{ fault: TestServerFault; left: number }> = [];

  inject(fault: TestServerFault, options: InjectFaultOptions = {}): void {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}.`);
    this.queue.push({ fault, left: times });
  }

  /** The fault for the request being answered now, if any. */
  take(): TestServerFault | undefined {
    const head = this.queue[0];
    if (!head) return undefined;
    head.left -= 1;
    if (head.left === 0) this.queue.shift();
    return head.fault;
  }
}
