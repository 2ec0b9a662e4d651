import type { JsonValue } from './json.js';

/**
 * A strategy's own artifact, journaled once: a plan (`plan`), a search tree (`search-tree`), a progress list
 * (`progress`), a MALT role trajectory (`role-turn`). A syscall, so a resumed run does not write it twice.
 */
export interface StrategyRecordFields {
  type: 'strategy-record';
  syscallId: string;
  kind: string;
  data: JsonValue;
}
