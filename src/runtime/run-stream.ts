import type { RunEvent } from '../core/events.js';
import type { RunResult } from './execute-run.js';

/**
 * A live run: iterate it for its events (child runs' included) as they happen,
 * and await `result` for how it ended.
 */
export class RunStream<Output = unknown> implements AsyncIterable<RunEvent> {
  readonly result: Promise<RunResult<Output>>;
  private readonly events: ReadableStream<RunEvent>;
  private controller!: ReadableStreamDefaultController<RunEvent>;
  private closed = false;

  constructor(
    readonly runId: string,
    start: (listener: (event: RunEvent) => void) => Promise<RunResult<Output>>,
    private readonly abort: AbortController,
  ) {
    this.events = new ReadableStream<RunEvent>({
      start: (controller) => {
        this.controller = controller;
      },
    });
    this.result = start((event) => {
      if (!this.closed) this.controller.enqueue(event);
    }).finally(() => {
      this.closed = true;
      this.controller.close();
    });
    this.result.catch(() => {});
  }

  /** Cancels the run: it ends with status `cancelled`. */
  cancel(reason?: unknown): void {
    this.abort.abort(reason);
  }

  /** The events as a web `ReadableStream` (e.g. to send as server-sent events). */
  toReadableStream(): ReadableStream<RunEvent> {
    return this.events;
  }

  /** Only the streamed text. */
  async *textStream(): AsyncIterable<string> {
    for await (const event of this) if (event.type === 'text-delta') yield event.delta;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    const reader = this.events.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
}
