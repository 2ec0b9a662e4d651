import { resolve } from 'node:path';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { ClientCredentialsProvider, PrivateKeyJwtProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import type { McpHttpServerConfig } from '../mcp-server-config.js';
import { type LoopbackRedirect, listenForRedirect } from './loopback-redirect.js';
import { AuthorizationCodeProvider } from './oauth-provider.js';
import { createFileTokenStore, createMemoryTokenStore, type McpTokenStore } from './token-store.js';

/** What an OAuth-protected connection needs: the SDK provider, and for sign-in, the loopback listener. */
export interface ConnectionAuth {
  provider: OAuthClientProvider;
  /** Set for the authorization code flow; closed once connected. */
  redirect?: LoopbackRedirect;
  interactive?: AuthorizationCodeProvider;
}

export interface AuthOptions {
  clientName: string;
  tokenStore?: McpTokenStore;
  onAuthorizationUrl?: (url: URL, server: string) => void | Promise<void>;
}

const sharedMemoryStore = createMemoryTokenStore();

/** Builds the auth provider for a server's `auth` settings; `undefined` when it has none. */
export async function createAuth(
  config: McpHttpServerConfig,
  options: AuthOptions,
): Promise<ConnectionAuth | undefined> {
  const auth = config.auth;
  if (!auth) return undefined;
  if (auth.grant === 'client_credentials') {
    const common = {
      clientId: auth.clientId,
      clientName: options.clientName,
      ...(auth.scope && { scope: auth.scope }),
    };
    const provider = auth.privateKey
      ? new PrivateKeyJwtProvider({ ...common, privateKey: auth.privateKey, algorithm: auth.algorithm ?? 'RS256' })
      : new ClientCredentialsProvider({ ...common, clientSecret: auth.clientSecret ?? '' });
    return { provider };
  }
  const redirect = await listenForRedirect(auth.redirectPort ?? 0);
  const store =
    options.tokenStore ?? (auth.tokenFile ? createFileTokenStore(resolve(auth.tokenFile)) : sharedMemoryStore);
  const onAuthorizationUrl = options.onAuthorizationUrl;
  const interactive = new AuthorizationCodeProvider({
    key: config.url,
    store,
    redirectUrl: redirect.url,
    clientName: options.clientName,
    ...(auth.clientId && { clientId: auth.clientId }),
    ...(auth.clientSecret && { clientSecret: auth.clientSecret }),
    ...(auth.clientMetadataUrl && { clientMetadataUrl: auth.clientMetadataUrl }),
    ...(auth.scope && { scope: auth.scope }),
    onAuthorizationUrl: (url) => {
      if (!onAuthorizationUrl) throw new NoSignInError();
      return onAuthorizationUrl(url, config.name);
    },
  });
  return { provider: interactive, redirect, interactive };
}

/** Thrown when a server needs a person to sign in and nobody was given to show the URL to. */
export class NoSignInError extends Error {
  constructor() {
    super('the server needs a sign-in, and no onAuthorizationUrl handler was given to show the URL');
  }
}
