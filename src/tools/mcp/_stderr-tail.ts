/** Keeps the last lines a process wrote to stderr, for error messages. */
export class StderrTail {
  readonly #maxLines: number;
  readonly #maxLineLength: number;
  #lines: string[] = [];
  #partial = '';

  constructor(maxLines = 20, maxLineLength = 500) {
    this.#maxLines = maxLines;
    this.#maxLineLength = maxLineLength;
  }

  push(text: string): void {
    const parts = (this.#partial + text).split(/\r?\n/);
    this.#partial = (parts.pop() ?? '').slice(-this.#maxLineLength * 2);
    for (const line of parts) this.#add(line);
  }

  /** The last non-empty lines, oldest first, including an unterminated last line. */
  lines(count = this.#maxLines): string[] {
    const all = this.#partial.trim() ? [...this.#lines, this.#clip(this.#partial)] : this.#lines;
    return all.slice(-count);
  }

  #add(line: string): void {
    if (!line.trim()) return;
    this.#lines.push(this.#clip(line));
    if (this.#lines.length > this.#maxLines) this.#lines.shift();
  }

  #clip(line: string): string {
    return line.length > this.#maxLineLength ? `${line.slice(0, this.#maxLineLength)}…` : line;
  }
}
