import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderError } from '../../core/errors/provider-error.js';
import { WardenError } from '../../core/errors/warden-error.js';
import type { FinishReason } from '../../core/events.js';
import type { Usage } from '../../core/usage.js';
import type { ModelStreamPart, ModelToolCall } from '../../models/language-model.js';

export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => Promise<void> | void;

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 with a free port; `close()` drops open and hung connections, and may be called twice. */
export async function listen(handler: Handler): Promise<RunningServer> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      Promise.resolve(handler(request, response, Buffer.concat(chunks).toString('utf8'))).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error: { message: String(error), type: 'server_error' } });
        else response.destroy();
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    port,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(text);
}

export function startEventStream(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
}

/** An `AbortSignal` that fires when the client goes away before the answer is complete. */
export function clientGone(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort(new Error('The client closed the connection.'));
  });
  return controller.signal;
}

/** The HTTP status and headers a model's thrown error should be answered with. */
export function errorStatus(error: unknown): { status: number; headers: Record<string, string>; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (WardenError.isInstance(error) && error.code === 'PROVIDER_ERROR') {
    const { status, retryAfterMs } = error as ProviderError;
    const headers: Record<string, string> =
      retryAfterMs === undefined ? {} : { 'retry-after-ms': String(retryAfterMs) };
    return { status: status && status >= 400 ? status : 500, headers, message };
  }
  return { status: 500, headers: {}, message };
}

/** What a wire format's event writer does with each part of a model stream. */
export interface StreamPartWriter {
  text(delta: string): void;
  toolCallDelta(toolCallId: string, toolName: string, argumentsDelta: string): void;
  toolCall(call: ModelToolCall): void;
  finish(reason: FinishReason, usage: Usage): void;
  error(message: string): void;
}

/** Plays a model's stream through a wire format's writer; a stream that breaks or ends early becomes an error event. */
export async function pumpModelStream(parts: ReadableStream<ModelStreamPart>, writer: StreamPartWriter): Promise<void> {
  const reader = parts.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return writer.error('The model stream ended without a finish part.');
      switch (value.type) {
        case 'text-delta':
          writer.text(value.delta);
          break;
        case 'tool-call-delta':
          writer.toolCallDelta(value.toolCallId, value.toolName, value.argumentsDelta);
          break;
        case 'tool-call':
          writer.toolCall(value);
          break;
        case 'finish':
          return writer.finish(value.finishReason, value.usage);
        case 'error':
          return writer.error(errorStatus(value.error).message);
      }
    }
  } catch (error) {
    writer.error(errorStatus(error).message);
  } finally {
    reader.releaseLock();
  }
}
