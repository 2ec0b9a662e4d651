/** Progress events one tool call may add to the run log; later updates are coalesced into one last event. */
export const maxProgressEvents = 32;
/** Log entries (`mcp-log`) one tool call may add to the run log; later ones are counted, not stored. */
export const maxLogEvents = 32;
/** Longest progress message or log entry (as JSON) kept, in characters; longer ones are cut. */
export const maxNoteChars = 2000;

/**
 * Keeps at most `limit` notes and remembers the last one past it with how many it stands for, so a server that
 * floods notifications cannot fill the run log: a call adds at most `limit + 1` events of a kind.
 */
export class BoundedNotes<Note> {
  #kept = 0;
  #dropped = 0;
  #last: Note | undefined;

  constructor(
    private readonly limit: number,
    private readonly write: (note: Note, coalesced?: number) => void,
  ) {}

  add(note: Note): void {
    if (this.#kept < this.limit) {
      this.#kept += 1;
      this.write(note);
      return;
    }
    this.#dropped += 1;
    this.#last = note;
  }

  /** Writes the last dropped note, standing for every dropped one. */
  finish(): void {
    if (this.#last !== undefined) this.write(this.#last, this.#dropped - 1);
    this.#last = undefined;
    this.#dropped = 0;
  }
}

/** A string cut to `maxNoteChars`. */
export function cut(text: string): string {
  return text.length <= maxNoteChars
    ? text
    : `${text.slice(0, maxNoteChars)}… (${text.length - maxNoteChars} more characters)`;
}

/** Log data kept as is when small, else as its JSON cut to `maxNoteChars`. */
export function boundedData(data: unknown): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch {
    return '[log data that is not JSON]';
  }
  if (json === undefined) return null;
  return json.length <= maxNoteChars ? data : cut(json);
}
