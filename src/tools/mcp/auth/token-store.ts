import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/** What Warden keeps between connections to one OAuth-protected MCP server. */
export interface McpStoredCredentials {
  /** The client registration (dynamic, or the pre-registered id and secret). */
  client?: OAuthClientInformationMixed;
  /** The latest access (and refresh) token. */
  tokens?: OAuthTokens;
}

/** Where OAuth credentials live between connections and runs, keyed by the server's URL. */
export interface McpTokenStore {
  load(key: string): McpStoredCredentials | undefined | Promise<McpStoredCredentials | undefined>;
  save(key: string, credentials: McpStoredCredentials): void | Promise<void>;
}

/** Keeps credentials for the life of the process. */
export function createMemoryTokenStore(): McpTokenStore {
  const entries = new Map<string, McpStoredCredentials>();
  return {
    load: (key) => entries.get(key),
    save: (key, credentials) => {
      entries.set(key, credentials);
    },
  };
}

/**
 * Keeps credentials in a JSON file readable only by its owner (mode 0600), written atomically.
 * @example createFileTokenStore('.warden/mcp-tokens.json')
 */
export function createFileTokenStore(path: string): McpTokenStore {
  const readAll = (): Record<string, McpStoredCredentials> => {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, McpStoredCredentials>) : {};
    } catch {
      return {};
    }
  };
  return {
    load: (key) => readAll()[key],
    save: (key, credentials) => {
      const all = { ...readAll(), [key]: credentials };
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(all, null, 2), { mode: 0o600 });
      chmodSync(temporary, 0o600);
      renameSync(temporary, path);
    },
  };
}
