import { randomBytes } from 'node:crypto';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { McpStoredCredentials, McpTokenStore } from './token-store.js';

/** Settings of the authorization code flow (PKCE) for one server. */
export interface AuthorizationCodeSettings {
  /** The key credentials are stored under: the server's URL. */
  key: string;
  store: McpTokenStore;
  /** The loopback URL the browser comes back to. */
  redirectUrl: string;
  clientName: string;
  /** A pre-registered client; otherwise the client registers itself (client ID metadata document or DCR). */
  clientId?: string;
  clientSecret?: string;
  /** An https URL of this client's metadata document, used as its client id where the server supports it. */
  clientMetadataUrl?: string;
  /** Asked for when neither the server's challenge nor its metadata names scopes. */
  scope?: string;
  /** Shows the person the URL to sign in at (the CLI prints or opens it). */
  onAuthorizationUrl: (url: URL) => void | Promise<void>;
}

/**
 * The SDK's `OAuthClientProvider` for the authorization code flow with PKCE: credentials in a
 * {@link McpTokenStore}, the sign-in URL handed to `onAuthorizationUrl`, the code read by the caller
 * from the loopback redirect with the {@link AuthorizationCodeProvider.expectedState} it was sent with.
 */
export class AuthorizationCodeProvider implements OAuthClientProvider {
  readonly #settings: AuthorizationCodeSettings;
  #credentials: McpStoredCredentials | undefined;
  #loaded = false;
  #verifier: string | undefined;
  #state: string | undefined;
  /** True once the SDK sent the person to sign in; the caller then waits for the redirect. */
  awaitingRedirect = false;

  constructor(settings: AuthorizationCodeSettings) {
    this.#settings = settings;
  }

  get redirectUrl(): string {
    return this.#settings.redirectUrl;
  }

  get clientMetadataUrl(): string | undefined {
    return this.#settings.clientMetadataUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    const { clientName, redirectUrl, scope, clientSecret } = this.#settings;
    return {
      client_name: clientName,
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: clientSecret ? 'client_secret_basic' : 'none',
      ...(scope && { scope }),
    };
  }

  /** The `state` sent with the last authorization request, to match the redirect against. */
  get expectedState(): string | undefined {
    return this.#state;
  }

  state(): string {
    this.#state = randomBytes(16).toString('base64url');
    return this.#state;
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const { clientId, clientSecret } = this.#settings;
    if (clientId) return { client_id: clientId, ...(clientSecret && { client_secret: clientSecret }) };
    return (await this.#load()).client;
  }

  async saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    await this.#save({ ...(await this.#load()), client });
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    return (await this.#load()).tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.#save({ ...(await this.#load()), tokens });
  }

  async redirectToAuthorization(url: URL): Promise<void> {
    this.awaitingRedirect = true;
    await this.#settings.onAuthorizationUrl(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.#verifier = verifier;
  }

  codeVerifier(): string {
    if (!this.#verifier) throw new Error('No PKCE code verifier: the authorization flow was not started.');
    return this.#verifier;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'verifier' || scope === 'all') this.#verifier = undefined;
    if (scope === 'discovery' || scope === 'verifier') return;
    const current = await this.#load();
    await this.#save({
      ...(scope === 'tokens' && current.client && { client: current.client }),
      ...(scope === 'client' && current.tokens && { tokens: current.tokens }),
    });
  }

  async #load(): Promise<McpStoredCredentials> {
    if (!this.#loaded) {
      this.#credentials = await this.#settings.store.load(this.#settings.key);
      this.#loaded = true;
    }
    return this.#credentials ?? {};
  }

  async #save(credentials: McpStoredCredentials): Promise<void> {
    this.#credentials = credentials;
    this.#loaded = true;
    await this.#settings.store.save(this.#settings.key, credentials);
  }
}
