/** Settings of a model behind an OpenAI-compatible Chat Completions API. */
export interface OpenAICompatibleSettings {
  /** The model id sent in each request, e.g. `gpt-4o-mini` or `llama3.2`. */
  model: string;
  /** The name in events, reports and price lookups, e.g. `ollama`. @default 'openai' */
  provider?: string;
  /** @default process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1' */
  baseURL?: string;
  /**
   * Sent as a bearer token. Without a `baseURL` it defaults to `OPENAI_API_KEY`;
   * with one it is optional (local servers need none), and the OpenAI key is never sent there.
   */
  apiKey?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Query parameters sent with every request, e.g. `{ 'api-version': '2024-10-21' }` for Azure. */
  query?: Record<string, string>;
  /** Abandon a request after this long. @default 600000 */
  timeoutMs?: number;
  organization?: string;
  /** Default sampling temperature; a request's own value wins. */
  temperature?: number;
  /** Default output limit; a request's own value wins. */
  maxOutputTokens?: number;
  topP?: number;
  /** Sent as `parallel_tool_calls` when the request has tools; unset leaves the provider's default. */
  parallelToolCalls?: boolean;
  /** Marks a simulated model served over HTTP (e.g. by the test server), so that reports say so. */
  simulated?: boolean;
  /** A `fetch` to use instead of the global one (proxies, tests). */
  fetch?: typeof globalThis.fetch;
}
