import type { ServerResponse } from 'node:http';
import { streamFromResponse } from '../../models/collect-stream.js';
import type { ModelResponse, ModelStreamPart } from '../../models/language-model.js';
import {
  clientGone,
  errorStatus,
  listen,
  pumpModelStream,
  sendJson,
  startEventStream,
} from '../openai-test-server/_http.js';
import { FaultQueue, type TestServerFault } from '../openai-test-server/faults.js';
import type { OpenAITestServer, OpenAITestServerOptions } from '../openai-test-server/index.js';
import { ScriptedModel } from '../scripted-model.js';
import { fromAnthropicRequest } from './from-anthropic-request.js';
import { EventWriter, type MessageIdentity, toAnthropicMessage } from './to-anthropic-wire.js';

export type AnthropicTestServerOptions = OpenAITestServerOptions;

/** Like the OpenAI test server; `url` is the API root without `/v1`, as the Anthropic SDK wants it. */
export type AnthropicTestServer = OpenAITestServer;

/**
 * An Anthropic Messages API server on 127.0.0.1 backed by a Warden model: POST /v1/messages,
 * answered as JSON or as the Messages API's stream events.
 * @example
 * const server = await startAnthropicTestServer({ script: [{ text: 'Hello' }] });
 * const client = new Anthropic({ baseURL: server.url, apiKey: 'test' });
 */
export async function startAnthropicTestServer(options: AnthropicTestServerOptions = {}): Promise<AnthropicTestServer> {
  const model = options.model ?? new ScriptedModel(options.script ?? []);
  const chunkSize = options.chunkSize ?? 16;
  const faults = new FaultQueue();
  const requests: Array<Record<string, any>> = [];
  const httpRequests: AnthropicTestServer['httpRequests'] = [];
  let answered = 0;

  const running = await listen(async (incoming, response, text) => {
    const method = incoming.method ?? 'GET';
    const url = incoming.url ?? '/';
    httpRequests.push({ method, url, headers: incoming.headers, body: text });
    const path = url.split('?')[0];
    if (method === 'GET' && path === '/v1/models') {
      const entry = {
        type: 'model',
        id: model.modelId,
        display_name: model.modelId,
        created_at: '2025-01-01T00:00:00Z',
      };
      return sendJson(response, 200, {
        data: [entry],
        has_more: false,
        first_id: model.modelId,
        last_id: model.modelId,
      });
    }
    if (method !== 'POST' || path !== '/v1/messages') {
      return sendJson(response, 404, wireError('not_found_error', `No route for ${method} ${path}.`));
    }
    let body: Record<string, any>;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(response, 400, wireError('invalid_request_error', 'The body is not JSON.'));
    }
    requests.push(body);
    options.onRequest?.(body);
    answered += 1;
    const identity: MessageIdentity = {
      id: `msg_${answered}`,
      model: typeof body.model === 'string' ? body.model : model.modelId,
    };
    const answer: Answer = { response, identity, stream: body.stream === true, chunkSize };
    const fault = faults.take();
    if (fault) return playFault(fault, answer, body);
    let request: ReturnType<typeof fromAnthropicRequest>;
    try {
      request = fromAnthropicRequest(body);
    } catch (error) {
      return sendJson(response, 400, wireError('invalid_request_error', (error as Error).message));
    }
    request.abortSignal = clientGone(response);
    try {
      if (answer.stream) await writeStream(await model.doStream(request), answer);
      else sendJson(response, 200, toAnthropicMessage(await model.doGenerate(request), identity));
    } catch (error) {
      if (response.headersSent) return;
      const { status, headers, message } = errorStatus(error);
      sendJson(response, status, wireError(errorType(status), message), headers);
    }
  });

  return {
    url: `http://127.0.0.1:${running.port}`,
    port: running.port,
    model,
    requests,
    httpRequests,
    injectFault: (fault, injectOptions) => faults.inject(fault, injectOptions),
    close: running.close,
  };
}

interface Answer {
  response: ServerResponse;
  identity: MessageIdentity;
  stream: boolean;
  chunkSize: number;
}

const wireError = (type: string, message: string) => ({ type: 'error', error: { type, message } });

function errorType(status: number): string {
  if (status === 429) return 'rate_limit_error';
  if (status === 529) return 'overloaded_error';
  if (status >= 500) return 'api_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  return 'invalid_request_error';
}

async function writeStream(parts: ReadableStream<ModelStreamPart>, answer: Answer): Promise<void> {
  startEventStream(answer.response);
  const writer = new EventWriter(answer.response, answer.identity, answer.chunkSize);
  writer.start();
  await pumpModelStream(parts, writer);
}

function playFault(fault: TestServerFault, answer: Answer, body: Record<string, any>): Promise<void> | void {
  const { response, identity } = answer;
  switch (fault.kind) {
    case 'status': {
      const payload = fault.body ?? wireError(errorType(fault.status), `Injected HTTP ${fault.status}.`);
      return sendJson(response, fault.status, payload, fault.headers);
    }
    case 'hang':
      return;
    case 'reset':
      response.socket?.destroy();
      return;
    case 'malformed-json':
      if (!answer.stream) return sendJson(response, 200, `{"id":"${identity.id}","type":"message","content":[{`);
      startEventStream(response);
      response.end(`event: message_start\ndata: {"type":"message_start","message":{"id":"${identity.id}",\n\n`);
      return;
    case 'truncated-stream': {
      const whole = JSON.stringify(toAnthropicMessage(cannedResponse, identity));
      if (!answer.stream) return sendJson(response, 200, whole.slice(0, Math.floor(whole.length / 2)));
      startEventStream(response);
      const writer = new EventWriter(response, identity, answer.chunkSize);
      writer.start();
      writer.text('The answer');
      writer.text(' is');
      response.end(
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" 4',
      );
      return;
    }
    case 'invalid-tool-arguments': {
      const toolName: string = body.tools?.[0]?.name ?? 'unknown_tool';
      const broken: ModelResponse = {
        content: [
          {
            type: 'tool-call',
            toolCallId: `toolu_invalid_${answer.identity.id}`,
            toolName,
            arguments: '{"path": "notes.txt", ',
          },
        ],
        finishReason: 'tool-calls',
        usage: { inputTokens: 10, outputTokens: 8, totalTokens: 18 },
      };
      if (answer.stream) return writeStream(streamFromResponse(broken), answer);
      return sendJson(response, 200, toAnthropicMessage(broken, identity));
    }
  }
}

const cannedResponse: ModelResponse = {
  content: [{ type: 'text', text: 'The answer is 42, because the question was cut short.' }],
  finishReason: 'stop',
  usage: { inputTokens: 10, outputTokens: 12, totalTokens: 22 },
};
