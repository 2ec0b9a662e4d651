/**
 * Per-message results of a function over a conversation, remembered by position and identity. A conversation
 * grows by appending, so a request shares its first messages (the same objects at the same places) with the one
 * before it: `map` computes only the new messages. Comparing identities position by position costs far less than a
 * WeakMap per message (an insert costs about a microsecond). It keeps the last `conversations` conversations,
 * told apart by their first message, so concurrent runs on one model each keep theirs; a conversation it does not
 * hold is computed in full, with the same result.
 *
 * A message must not be mutated in place after it was sent (replacing it in the array is fine). It holds the
 * messages and results of the conversations it keeps until newer ones replace them (a bounded number, unlike a
 * WeakMap, which holds nothing once a run is gone).
 */
export class ConversationMemo<T> {
  readonly #held: Array<{ messages: readonly object[]; results: T[] }> = [];

  constructor(
    private readonly compute: (message: never) => T,
    private readonly conversations = 1,
  ) {}

  map(messages: readonly object[]): T[] {
    const at = this.#held.findIndex((entry) => entry.messages[0] === messages[0]);
    const previous = at >= 0 ? this.#held[at]! : { messages: [], results: [] };
    const results: T[] = new Array(messages.length);
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]!;
      results[i] = previous.messages[i] === message ? previous.results[i]! : this.compute(message as never);
    }
    // A copy of the array: the caller goes on appending to (or changing) its own.
    const entry = { messages: messages.slice(), results };
    if (at >= 0) this.#held[at] = entry;
    else {
      if (this.#held.length >= this.conversations) this.#held.shift();
      this.#held.push(entry);
    }
    return results;
  }
}
