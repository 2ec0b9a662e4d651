import { type ActionStore, type NewAction, type SavedAction, validateNewAction } from './action-store.js';

/** Saved functions in process memory, gone when the process ends. For tests and one-off runs. */
export class MemoryActionStore implements ActionStore {
  readonly #byName = new Map<string, SavedAction[]>();

  async save(action: NewAction, createdAt: number): Promise<SavedAction> {
    validateNewAction(action);
    const versions = this.#byName.get(action.name) ?? [];
    const saved: SavedAction = {
      name: action.name,
      version: (versions.at(-1)?.version ?? 0) + 1,
      language: 'javascript',
      signature: action.signature,
      docstring: action.docstring,
      code: action.code,
      tests: [...(action.tests ?? [])],
      createdAt,
      uses: 0,
      successes: 0,
    };
    versions.push(saved);
    this.#byName.set(action.name, versions);
    return { ...saved, tests: [...saved.tests] };
  }

  async get(name: string, version?: number): Promise<SavedAction | undefined> {
    const versions = this.#byName.get(name) ?? [];
    const found = version === undefined ? versions.at(-1) : versions.find((v) => v.version === version);
    return found && { ...found, tests: [...found.tests] };
  }

  async list(): Promise<SavedAction[]> {
    return [...this.#byName.keys()]
      .sort()
      .map((name) => this.#byName.get(name)!.at(-1)!)
      .map((action) => ({ ...action, tests: [...action.tests] }));
  }

  async versions(name: string): Promise<SavedAction[]> {
    return (this.#byName.get(name) ?? []).map((action) => ({ ...action, tests: [...action.tests] }));
  }

  async remove(name: string): Promise<number> {
    const count = this.#byName.get(name)?.length ?? 0;
    this.#byName.delete(name);
    return count;
  }

  async recordUse(name: string, version: number, ok: boolean): Promise<void> {
    const found = this.#byName.get(name)?.find((v) => v.version === version);
    if (!found) return;
    found.uses++;
    if (ok) found.successes++;
  }

  async close(): Promise<void> {}
}
