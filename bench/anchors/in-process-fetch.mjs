// Preloaded with `node --import ./in-process-fetch.mjs runners/<name>.mjs`: replaces the global fetch with the fake
// server's answers, in process (no socket), so a runner's own work can be counted exactly (bench/instructions.ts).
// The runners are unchanged: their clients take the global fetch, and the harness's /stats calls are answered too.
import { createChatCompletion } from './fake-completion.mjs';

let seq = 0;
const chatCompletion = createChatCompletion(Number(process.env.STEPS || 10), () => ++seq);
const json = (value) =>
  new Response(JSON.stringify(value), { status: 200, headers: { 'content-type': 'application/json' } });

globalThis.fetch = async (input, init = {}) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (url.pathname.endsWith('/chat/completions')) return json(chatCompletion(JSON.parse(String(init.body))));
  if (url.pathname === '/stats')
    return json({ requests: 0, chat: 0, responses: 0, other: 0, handlerNs: 0, bytesIn: 0 });
  if (url.pathname === '/stats/reset') return json({ ok: true });
  return new Response(JSON.stringify({ error: { message: `in-process fetch: no route ${url.pathname}` } }), {
    status: 404,
  });
};
