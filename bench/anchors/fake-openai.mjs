// Instant fake OpenAI-compatible server (node:http, no deps).
// Scenario: for a conversation with k tool results so far, if k < N-1 the model
// returns ONE tool call add({"a":1,"b":2}); once it sees N-1 tool results it returns "done".
// Endpoints: POST /v1/chat/completions, POST /v1/responses (non-streaming JSON, with usage),
//            GET /stats, POST /stats/reset (bookkeeping for the harness).
// Usage: node fake-openai.mjs [--steps N]  -> prints {"port":P} as its first stdout line.
import http from 'node:http';
import { createChatCompletion } from './fake-completion.mjs';

const argSteps = process.argv.indexOf('--steps');
const N = Number(argSteps > 0 ? process.argv[argSteps + 1] : process.env.FAKE_STEPS || 10);
const ARGS = JSON.stringify({ a: 1, b: 2 });

let stats = { requests: 0, chat: 0, responses: 0, other: 0, handlerNs: 0n, bytesIn: 0, bytesOut: 0 };
let seq = 0;

const chatCompletion = createChatCompletion(N, () => ++seq);

function responsesApi(body) {
  const input = Array.isArray(body.input) ? body.input : [];
  const k = input.filter((it) => it && it.type === 'function_call_output').length;
  const id = `resp_${++seq}`;
  const output =
    k < N - 1
      ? [
          {
            type: 'function_call',
            id: `fc_${seq}`,
            call_id: `call_${seq}_${k}`,
            name: 'add',
            arguments: ARGS,
            status: 'completed',
          },
        ]
      : [
          {
            type: 'message',
            id: `msg_${seq}`,
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text: 'done', annotations: [], logprobs: [] }],
          },
        ];
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    model: body.model || 'fake',
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    store: false,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: body.tools || [],
    top_p: 1,
    truncation: 'disabled',
    metadata: {},
    usage: {
      input_tokens: 10 + 5 * input.length,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 15 + 5 * input.length,
    },
  };
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const t0 = process.hrtime.bigint();
    const raw = Buffer.concat(chunks);
    const url = req.url.split('?')[0];
    let out,
      status = 200;
    if (req.method === 'GET' && url === '/stats') {
      out = { ...stats, handlerNs: Number(stats.handlerNs), N };
    } else if (req.method === 'POST' && url === '/stats/reset') {
      stats = { requests: 0, chat: 0, responses: 0, other: 0, handlerNs: 0n, bytesIn: 0, bytesOut: 0 };
      out = { ok: true };
    } else {
      let body = {};
      try {
        body = raw.length ? JSON.parse(raw) : {};
      } catch {
        body = {};
      }
      stats.requests++;
      stats.bytesIn += raw.length;
      if (req.method === 'POST' && url.endsWith('/chat/completions')) {
        stats.chat++;
        out = chatCompletion(body);
      } else if (req.method === 'POST' && url.endsWith('/responses')) {
        stats.responses++;
        out = responsesApi(body);
      } else {
        stats.other++;
        status = 404;
        out = { error: { message: `fake: no route ${req.method} ${url}`, type: 'invalid_request_error' } };
      }
      if (body.stream) {
        stats.other++;
        status = 400;
        out = { error: { message: 'fake: streaming not supported', type: 'invalid_request_error' } };
      }
    }
    const s = JSON.stringify(out);
    stats.bytesOut += s.length;
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s) });
    res.end(s);
    stats.handlerNs += process.hrtime.bigint() - t0;
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 61_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port, N }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('disconnect', () => process.exit(0));
