import { createServer, type Server } from 'node:http';

/** A one-shot HTTP listener on 127.0.0.1 that receives the authorization code (RFC 8252 loopback redirect). */
export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/callback`. */
  readonly url: string;
  /** Resolves with the code once the browser is redirected back; rejects on an `error` redirect or a wrong `state`. */
  code(expectedState: string | undefined, signal?: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (`port` 0 picks a free one) until {@link LoopbackRedirect.close}. */
export async function listenForRedirect(port = 0): Promise<LoopbackRedirect> {
  const waiting = new Set<(query: URLSearchParams) => void>();
  // The browser may come back before anyone waits (a quick server, or an already signed-in person).
  const arrived: URLSearchParams[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      response.writeHead(404).end('not found');
      return;
    }
    const failed = url.searchParams.has('error');
    response
      .writeHead(failed ? 400 : 200, { 'content-type': 'text/plain; charset=utf-8' })
      .end(failed ? 'Authorization failed; you can close this tab.' : 'Signed in; you can close this tab.');
    arrived.push(url.searchParams);
    for (const resolve of waiting) resolve(url.searchParams);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.unref(); // Kept for sign-ins later in the connection, but never the reason the process stays up.
  const { port: bound } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${bound}/callback`,
    code: (expectedState, signal) =>
      new Promise<string>((resolve, reject) => {
        const onQuery = (query: URLSearchParams) => {
          if (expectedState !== undefined && query.get('state') !== expectedState) return; // not our redirect
          waiting.delete(onQuery);
          arrived.splice(arrived.indexOf(query), 1);
          const code = query.get('code');
          if (code) resolve(code);
          else
            reject(
              new Error(
                `the authorization server refused: ${query.get('error')} ${query.get('error_description') ?? ''}`,
              ),
            );
        };
        waiting.add(onQuery);
        for (const query of [...arrived]) onQuery(query);
        signal?.addEventListener('abort', () => {
          waiting.delete(onQuery);
          reject(signal.reason);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
