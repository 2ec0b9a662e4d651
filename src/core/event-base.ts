/** Why a model stopped. */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

/** What every event carries. `seq` is its position in the run's log, from 0. */
export interface EventBase {
  runId: string;
  seq: number;
  /** Milliseconds since the epoch, from the run's clock. */
  time: number;
}

/** How a malformed tool call from the model was repaired. */
export interface ToolCallRepair {
  kind: 'json-repair' | 'text-tool-call';
  /** The text the model wrote before repair. */
  original: string;
}

export interface ErrorInfo {
  code: string;
  message: string;
}
