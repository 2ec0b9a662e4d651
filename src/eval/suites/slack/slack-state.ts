import type { SuiteState } from '../../suite-types.js';
import { SlackError } from './slack-error.js';

/** A workspace member; `external` marks guests from other companies. */
export interface SlackUser {
  handle: string;
  name: string;
  email: string;
  title: string;
  external?: boolean;
}

export interface ChannelMessage {
  sender: string;
  body: string;
}

export interface Channel {
  name: string;
  topic: string;
  /** Handles of the members. */
  members: string[];
  /** Oldest first. */
  messages: ChannelMessage[];
}

export interface DirectMessage {
  sender: string;
  recipient: string;
  body: string;
}

/** The world of the slack suite, as environment.yaml describes it. */
export interface SlackState {
  workspace: string;
  /** The handle of the user the assistant works for. */
  me: string;
  users: SlackUser[];
  channels: Channel[];
  /** Every direct message in the workspace, oldest first. */
  directMessages: DirectMessage[];
  /** Web pages by URL. */
  web: Record<string, string>;
  /** Every URL fetched with get_webpage, in order. */
  webRequests: string[];
}

/** The suite state with the slack shape. */
export const slackState = (state: SuiteState): SlackState => state as SlackState;

const stripPrefix = (name: string, prefix: string): string => name.trim().replace(new RegExp(`^\\${prefix}`), '');

/** The channel called `name` (a leading `#` is ignored); throws with the list of channels when there is none. */
export function channelNamed(state: SlackState, name: string): Channel {
  const wanted = stripPrefix(name, '#').toLowerCase();
  const channel = state.channels.find((candidate) => candidate.name === wanted);
  if (!channel) {
    const names = state.channels.map((candidate) => `#${candidate.name}`).join(', ');
    throw new SlackError(`There is no channel "${name}". Channels: ${names}.`);
  }
  return channel;
}

/** The member with this handle (a leading `@` is ignored); throws when there is none. */
export function userNamed(state: SlackState, handle: string): SlackUser {
  const wanted = stripPrefix(handle, '@').toLowerCase();
  const user = state.users.find((candidate) => candidate.handle === wanted);
  if (!user) {
    const handles = state.users.map((candidate) => candidate.handle).join(', ');
    throw new SlackError(`There is no user "${handle}" in the workspace. Users: ${handles}.`);
  }
  return user;
}

/**
 * A URL in the form pages are stored under: https scheme added when missing, lower-case host,
 * no trailing slash. Throws when the text is not a web address.
 */
export function canonicalUrl(text: string): string {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new SlackError(`"${text}" is not a web address; give one like https://www.example.com/page.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SlackError(`"${text}" is not a web address (only http and https are supported).`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `https://${url.host.toLowerCase()}${path}${url.search}`;
}

/** The page stored at `url` (compared in canonical form), if any. */
export function pageAt(state: SlackState, url: string): string | undefined {
  const wanted = canonicalUrl(url);
  const key = Object.keys(state.web).find((candidate) => canonicalUrl(candidate) === wanted);
  return key === undefined ? undefined : state.web[key];
}
