// The fake server's chat completion, shared by the HTTP server (fake-openai.mjs) and the in-process workloads
// (runners/in-process.mjs). For a conversation with k tool results so far: while k < N-1, one tool call
// add({"a":1,"b":2}) (P calls for a model named `…-pP`); then "done".
const ARGS = JSON.stringify({ a: 1, b: 2 });

/** A chat-completions handler for an N-step scenario; `nextSeq` numbers the responses. */
export function createChatCompletion(N, nextSeq) {
  return function chatCompletion(body) {
    const msgs = Array.isArray(body.messages) ? body.messages : [];
    const k = msgs.filter((m) => m && m.role === 'tool').length;
    // A model named `…-pP` asks for P calls at once at every step (the parallel-calls row).
    const parallel = Number(/-p(\d+)$/.exec(String(body.model ?? ''))?.[1] ?? 1);
    const seq = nextSeq();
    const id = `chatcmpl-${seq}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = { prompt_tokens: 10 + 5 * msgs.length, completion_tokens: 5, total_tokens: 15 + 5 * msgs.length };
    const more = k < (N - 1) * parallel;
    const message = more
      ? {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: Array.from({ length: parallel }, (_, i) => ({
            id: `call_${seq}_${k}_${i}`,
            type: 'function',
            function: { name: 'add', arguments: parallel > 1 ? JSON.stringify({ a: k + i, b: 2 }) : ARGS },
          })),
        }
      : { role: 'assistant', content: 'done', refusal: null };
    return {
      id,
      object: 'chat.completion',
      created,
      model: body.model || 'fake',
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, message, logprobs: null, finish_reason: more ? 'tool_calls' : 'stop' }],
      usage,
    };
  };
}
