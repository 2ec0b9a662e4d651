import { WardenError } from '../core/index.js';

/** What the guest receives for one tool call. */
export type ToolReply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** Turns whatever a bridge call threw into the `{ code, message }` the guest sees as a thrown error. */
export function toolFailure(error: unknown): ToolReply {
  const code = WardenError.isInstance(error)
    ? error.code
    : typeof (error as { code?: unknown })?.code === 'string'
      ? (error as { code: string }).code
      : 'TOOL_FAILED';
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code, message } };
}

/** The reply to a call over `limits.maxToolCalls`. */
export function toolCallLimit(limit: number): ToolReply {
  return {
    ok: false,
    error: {
      code: 'TOOL_CALL_LIMIT',
      message: `This code action made more than ${limit} tool calls; do the rest in another action.`,
    },
  };
}

/**
 * Runs tool calls as they come and hands their replies to the guest in the order the guest made the calls,
 * whatever order they finish in, so the guest's interleaving (and the clock reads between replies) is the same
 * on every run given the same results.
 */
export class ToolReplyQueue {
  readonly #ready = new Map<number, ToolReply>();
  #next = 0;

  constructor(private readonly deliver: (callId: number, reply: ToolReply) => void) {}

  /** Runs `run` for call `callId` and queues its reply (a value that is not JSON becomes an error). */
  call(callId: number, run: () => Promise<unknown>): void {
    void Promise.resolve()
      .then(run)
      .then((value): ToolReply => {
        const json = JSON.stringify(value === undefined ? null : value);
        return { ok: true, value: JSON.parse(json) as unknown };
      }, toolFailure)
      .catch(toolFailure)
      .then((reply) => this.settle(callId, reply));
  }

  /** Queues a reply decided without running anything (a refused call). */
  settle(callId: number, reply: ToolReply): void {
    this.#ready.set(callId, reply);
    for (let reply = this.#ready.get(this.#next); reply !== undefined; reply = this.#ready.get(this.#next)) {
      this.#ready.delete(this.#next);
      this.deliver(this.#next++, reply);
    }
  }
}
