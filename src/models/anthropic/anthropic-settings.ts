/** Settings of a Claude model behind the Anthropic Messages API. */
export interface AnthropicSettings {
  /** e.g. `claude-sonnet-4-5`. */
  model: string;
  /** The name in events, reports and price lookups. @default 'anthropic' */
  provider?: string;
  /** The API root, without `/v1`. @default process.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com' */
  baseURL?: string;
  /** Without a `baseURL` it defaults to `ANTHROPIC_API_KEY`; the key from the environment is never sent to another baseURL. */
  apiKey?: string;
  /** Headers sent with every request (e.g. `anthropic-beta`). */
  headers?: Record<string, string>;
  /** Query parameters sent with every request. */
  query?: Record<string, string>;
  /** Abandon a request after this long. @default 600000 */
  timeoutMs?: number;
  /** Default sampling temperature; a request's own value wins. Sent only when set: newer models reject it. */
  temperature?: number;
  /** `max_tokens` when a request does not say: the Messages API requires one. @default 4096 */
  maxOutputTokens?: number;
  topP?: number;
  /** `false` sends `disable_parallel_tool_use`. */
  parallelToolCalls?: boolean;
  /** A `fetch` to use instead of the global one (proxies, tests). */
  fetch?: typeof globalThis.fetch;
}
