import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { addUsage, emptyUsage } from '../../core/usage.js';
import { streamFromResponse } from '../../models/collect-stream.js';
import type { LanguageModel, ModelRequest, ModelResponse, ModelStreamPart } from '../../models/language-model.js';
import { ScriptedModel, type ScriptedStep } from '../scripted-model.js';
import { clientGone, errorStatus, listen, pumpModelStream, sendJson, startEventStream } from './_http.js';
import { FaultQueue, type InjectFaultOptions, type TestServerFault } from './faults.js';
import { fromOpenAIRequest } from './from-openai-request.js';
import { ChunkWriter, type CompletionIdentity, toChatCompletion } from './to-openai-wire.js';

export type { InjectFaultOptions, TestServerFault } from './faults.js';

export interface OpenAITestServerOptions {
  /** Answers every request: any Warden model, e.g. a `ScriptedModel` or a simulated model. */
  model?: LanguageModel;
  /** Shorthand for `model: new ScriptedModel(script)`. */
  script?: ScriptedStep[];
  /** Whole tool calls are streamed as argument deltas of this many characters. @default 16 */
  chunkSize?: number;
  /** Called with each chat request body as it arrives, before any fault or answer: lets a test wait for it. */
  onRequest?: (body: Record<string, any>) => void;
  /**
   * Chooses the model that answers one request (e.g. by `body.model`, so that one server answers many
   * concurrent simulated runs); `model` answers when it returns undefined.
   */
  modelFor?: (body: Record<string, any>) => LanguageModel | undefined;
}

/** One HTTP request as the server received it. */
export interface RecordedHttpRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions?api-version=1`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface OpenAITestServer {
  /** The base URL to give the provider's SDK: ending in `/v1` for OpenAI, the API root for Anthropic. */
  url: string;
  port: number;
  /** The model answering requests. */
  model: LanguageModel;
  /** Parsed bodies of every POST /v1/chat/completions, faulted ones included. */
  requests: Array<Record<string, any>>;
  /** Every request, with method, URL and headers. */
  httpRequests: RecordedHttpRequest[];
  /** Plays `fault` instead of an answer for the next `times` chat requests. */
  injectFault(fault: TestServerFault, options?: InjectFaultOptions): void;
  /** Stops the server, dropping open and hung connections. */
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible Chat Completions server on 127.0.0.1 backed by a Warden model: it turns
 * each request into a `ModelRequest`, asks the model, and writes the answer in OpenAI's wire
 * format (JSON, or SSE chunks with tool-argument deltas, usage and `[DONE]`).
 * @example
 * const server = await startOpenAITestServer({ script: [{ text: 'Hello' }] });
 * const client = new OpenAI({ baseURL: server.url, apiKey: 'test' });
 */
export async function startOpenAITestServer(options: OpenAITestServerOptions = {}): Promise<OpenAITestServer> {
  const model = options.model ?? new ScriptedModel(options.script ?? []);
  const chunkSize = options.chunkSize ?? 16;
  const faults = new FaultQueue();
  const requests: Array<Record<string, any>> = [];
  const httpRequests: RecordedHttpRequest[] = [];
  let answered = 0;

  const running = await listen(async (incoming, response, text) => {
    const method = incoming.method ?? 'GET';
    const url = incoming.url ?? '/';
    httpRequests.push({ method, url, headers: incoming.headers, body: text });
    const path = url.split('?')[0];
    if (method === 'GET' && path === '/v1/models') {
      const entry = { id: model.modelId, object: 'model', created: 0, owned_by: model.provider };
      return sendJson(response, 200, { object: 'list', data: [entry] });
    }
    if (method !== 'POST' || path !== '/v1/chat/completions') {
      return sendJson(response, 404, {
        error: { message: `No route for ${method} ${path}.`, type: 'invalid_request_error' },
      });
    }
    let body: Record<string, any>;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(response, 400, { error: { message: 'The body is not JSON.', type: 'invalid_request_error' } });
    }
    requests.push(body);
    options.onRequest?.(body);
    answered += 1;
    const identity: CompletionIdentity = {
      id: `chatcmpl-${answered}`,
      model: typeof body.model === 'string' ? body.model : model.modelId,
      created: Math.floor(Date.now() / 1000),
    };
    const answer = {
      response,
      identity,
      stream: body.stream === true,
      includeUsage: body.stream_options?.include_usage === true,
      chunkSize,
    };
    const fault = faults.take();
    if (fault) return playFault(fault, answer, body);
    let request: ReturnType<typeof fromOpenAIRequest>;
    try {
      request = fromOpenAIRequest(body);
    } catch (error) {
      return sendJson(response, 400, { error: { message: (error as Error).message, type: 'invalid_request_error' } });
    }
    request.abortSignal = clientGone(response);
    const answering = options.modelFor?.(body) ?? model;
    try {
      if (answer.stream) await writeStream(await answering.doStream(request), answer);
      else sendJson(response, 200, toChatCompletion(await generateChoices(answering, request), identity));
    } catch (error) {
      if (response.headersSent) return;
      const { status, headers, message } = errorStatus(error);
      sendJson(response, status, { error: { message, type: 'server_error' } }, headers);
    }
  });

  return {
    url: `http://127.0.0.1:${running.port}/v1`,
    port: running.port,
    model,
    requests,
    httpRequests,
    injectFault: (fault, injectOptions) => faults.inject(fault, injectOptions),
    close: running.close,
  };
}

/**
 * Answers a request for `n` choices: natively when the model generates choices, else by asking it n times
 * (each answer one choice, usage summed).
 */
async function generateChoices(model: LanguageModel, request: ModelRequest): Promise<ModelResponse> {
  const n = request.n ?? 1;
  if (n <= 1 || model.supportsChoices) return model.doGenerate(request);
  const { n: _n, ...single } = request;
  const responses: ModelResponse[] = [];
  for (let i = 0; i < n; i++) responses.push(await model.doGenerate(single));
  const first = responses[0] as ModelResponse;
  const usage = responses.reduce((sum, r) => addUsage(sum, r.usage), emptyUsage());
  const choices = responses.map((r) => ({ content: r.content, finishReason: r.finishReason }));
  return { ...first, usage, choices };
}

interface Answer {
  response: ServerResponse;
  identity: CompletionIdentity;
  stream: boolean;
  includeUsage: boolean;
  chunkSize: number;
}

async function writeStream(parts: ReadableStream<ModelStreamPart>, answer: Answer): Promise<void> {
  startEventStream(answer.response);
  const writer = new ChunkWriter(answer.response, answer.identity, answer.chunkSize);
  writer.start();
  await pumpModelStream(parts, {
    text: (delta) => writer.text(delta),
    toolCallDelta: (id, name, delta) => writer.toolCallDelta(id, name, delta),
    toolCall: (call) => writer.toolCall(call),
    finish: (reason, usage) => writer.finish(reason, usage, answer.includeUsage),
    error: (message) => writer.error(message),
  });
}

const cannedResponse: ModelResponse = {
  content: [{ type: 'text', text: 'The answer is 42, because the question was cut short.' }],
  finishReason: 'stop',
  usage: { inputTokens: 10, outputTokens: 12, totalTokens: 22 },
};

function playFault(fault: TestServerFault, answer: Answer, body: Record<string, any>): Promise<void> | void {
  const { response, identity } = answer;
  switch (fault.kind) {
    case 'status': {
      const payload = fault.body ?? {
        error: {
          message: `Injected HTTP ${fault.status}.`,
          type: fault.status === 429 ? 'rate_limit_error' : 'server_error',
        },
      };
      return sendJson(response, fault.status, payload, fault.headers);
    }
    case 'hang':
      return;
    case 'reset':
      response.socket?.destroy();
      return;
    case 'malformed-json':
      if (!answer.stream)
        return sendJson(response, 200, `{"id":"${identity.id}","object":"chat.completion","choices":[{`);
      startEventStream(response);
      response.end(`data: {"id":"${identity.id}","choices":[{"index":0,"delta":{"content":"Hel}\n\ndata: [DONE]\n\n`);
      return;
    case 'truncated-stream': {
      const whole = JSON.stringify(toChatCompletion(cannedResponse, identity));
      if (!answer.stream) return sendJson(response, 200, whole.slice(0, Math.floor(whole.length / 2)));
      startEventStream(response);
      const writer = new ChunkWriter(response, identity, answer.chunkSize);
      writer.start();
      writer.text('The answer');
      writer.text(' is');
      response.end(
        `data: {"id":"${identity.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":" 4`,
      );
      return;
    }
    case 'invalid-tool-arguments': {
      const toolName: string = body.tools?.[0]?.function?.name ?? 'unknown_tool';
      const broken: ModelResponse = {
        content: [
          {
            type: 'tool-call',
            toolCallId: `call_invalid_${identity.id}`,
            toolName,
            arguments: '{"path": "notes.txt", ',
          },
        ],
        finishReason: 'tool-calls',
        usage: { inputTokens: 10, outputTokens: 8, totalTokens: 18 },
      };
      if (answer.stream) return writeStream(streamFromResponse(broken), answer);
      return sendJson(response, 200, toChatCompletion(broken, identity));
    }
  }
}
