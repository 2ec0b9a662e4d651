/** Keeps the first `limit` bytes (UTF-8) of a stream of text and counts what it drops. */
export class OutputBuffer {
  #chunks: string[] = [];
  #kept = 0;
  #dropped = 0;

  constructor(readonly limit: number) {}

  /** Appends `text`, keeping only what fits. */
  write(text: string): void {
    if (text.length === 0) return;
    const bytes = Buffer.byteLength(text);
    const room = this.limit - this.#kept;
    if (bytes <= room) {
      this.#chunks.push(text);
      this.#kept += bytes;
      return;
    }
    if (room > 0) {
      // Cut on a character boundary: decoding a sliced buffer drops a split character's bytes as U+FFFD, so trim it.
      const head = Buffer.from(text)
        .subarray(0, room)
        .toString('utf8')
        .replace(/\uFFFD+$/, '');
      this.#chunks.push(head);
      this.#kept += Buffer.byteLength(head);
      this.#dropped += bytes - Buffer.byteLength(head);
    } else this.#dropped += bytes;
  }

  /** Whether any bytes were dropped. */
  get truncated(): boolean {
    return this.#dropped > 0;
  }

  /** The kept text, with a note saying how much was dropped when anything was. */
  text(): string {
    const kept = this.#chunks.join('');
    if (this.#dropped === 0) return kept;
    return `${kept}\n[output truncated: ${this.#dropped} more bytes dropped, limit ${this.limit} bytes]`;
  }
}
