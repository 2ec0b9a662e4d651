import type { SavedAction } from './action-store.js';

/** One stored row, as SQLite and PostgreSQL return it (numbers may come back as strings from pg). */
export interface ActionRow {
  name: string;
  version: number | string;
  language: string;
  signature: string;
  docstring: string;
  code: string;
  tests: string;
  created_at: number | string;
  uses: number | string;
  successes: number | string;
}

export function rowToAction(row: ActionRow): SavedAction {
  let tests: string[] = [];
  try {
    const parsed = JSON.parse(row.tests) as unknown;
    if (Array.isArray(parsed)) tests = parsed.map(String);
  } catch {
    // A damaged tests column reads as no tests rather than failing the whole listing.
  }
  return {
    name: row.name,
    version: Number(row.version),
    language: 'javascript',
    signature: row.signature,
    docstring: row.docstring,
    code: row.code,
    tests,
    createdAt: Number(row.created_at),
    uses: Number(row.uses),
    successes: Number(row.successes),
  };
}

/** A table name the stores accept: letters, digits and `_`, so it can be written into SQL. */
export function checkTableName(table: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table)) {
    throw new TypeError(`"${table}" is not a table name: use letters, digits and _, starting with a letter.`);
  }
  return table;
}
