import { WardenError } from '../core/errors/warden-error.js';

/** The version of the `ActionStore` seam. Bumped on any change to the shapes below. */
export const ACTION_STORE_SEAM_VERSION = 1;

/** A function an agent wrote and saved, one version of it. */
export interface SavedAction {
  /** A JavaScript identifier: the function's name in code. */
  name: string;
  /** 1 for the first save of a name, then one more per save. */
  version: number;
  language: 'javascript';
  /** How it is called, e.g. `totalPrice(items: string[]): Promise<number>`. */
  signature: string;
  /** What it does, shown to the model when it is retrieved. */
  docstring: string;
  /** The function's source: a declaration of `name`. */
  code: string;
  /** The tests it passed when it was saved (JavaScript expressions that were true). */
  tests: string[];
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Code actions that called this version, and how many of them ended without an error. */
  uses: number;
  successes: number;
}

/** What saving takes: the rest is given by the store. */
export type NewAction = Pick<SavedAction, 'name' | 'signature' | 'docstring' | 'code'> & { tests?: string[] };

/** Where saved functions live. Every implementation runs the conformance suite in `action-store.case.ts`. */
export interface ActionStore {
  /** Saves a new version of `action.name` (version 1 if new) and returns it. */
  save(action: NewAction, createdAt: number): Promise<SavedAction>;
  /** The given version, or the latest one. */
  get(name: string, version?: number): Promise<SavedAction | undefined>;
  /** The latest version of every saved name, by name. */
  list(): Promise<SavedAction[]>;
  /** Every version of one name, oldest first. */
  versions(name: string): Promise<SavedAction[]>;
  /** Removes every version of a name; resolves with how many there were. */
  remove(name: string): Promise<number>;
  /** Counts one use of a version, and whether the code action it was used in succeeded. Unknown ones are ignored. */
  recordUse(name: string, version: number, ok: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Bad input to the action library: a name that is not an identifier, code that does not define it, a failed test. */
export class ActionLibraryError extends WardenError {
  constructor(message: string, code = 'ACTION_INVALID', data: Record<string, unknown> = {}) {
    super({ code, fault: 'model', message, data });
  }
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;

/** Checks what a caller wants saved; throws `ActionLibraryError` saying what to change. */
export function validateNewAction(action: NewAction): void {
  if (typeof action.name !== 'string' || !identifier.test(action.name)) {
    throw new ActionLibraryError(
      `"${String(action.name)}" is not a function name. Use a JavaScript identifier of at most 64 characters, e.g. totalPrice.`,
    );
  }
  const declares = new RegExp(
    `(^|[^.\\w$])(async\\s+)?function\\s*\\*?\\s*${action.name.replace(/\$/g, '\\$')}\\s*\\(|(^|\\n)\\s*(const|let|var)\\s+${action.name.replace(/\$/g, '\\$')}\\s*=`,
  );
  if (typeof action.code !== 'string' || !declares.test(action.code)) {
    throw new ActionLibraryError(
      `The code does not declare ${action.name}. Save a function declaration such as "async function ${action.name}(...) { ... }".`,
    );
  }
  if (action.code.length > 20_000) {
    throw new ActionLibraryError('The code is longer than 20,000 characters. Save a smaller function.');
  }
}
