import type { SuiteState } from '../../suite-types.js';
import { channelNamed, slackState } from './slack-state.js';

const urlPattern = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)–-]/;

function linkIn(texts: readonly string[], needle: string): string {
  const text = texts.find((candidate) => candidate.includes(needle));
  const url = text?.match(urlPattern)?.[0];
  if (!url) throw new Error(`No message with a link and "${needle}" in the environment.`);
  return url;
}

/** The link in the message of `channel` that mentions `needle` (what a colleague shared there). */
export const channelLink = (state: SuiteState, channel: string, needle: string): string =>
  linkIn(
    channelNamed(slackState(state), channel).messages.map((message) => message.body),
    needle,
  );

/** The link in the user's direct message that mentions `needle`. */
export function inboxLink(state: SuiteState, needle: string): string {
  const slack = slackState(state);
  return linkIn(
    slack.directMessages.filter((message) => message.recipient === slack.me).map((message) => message.body),
    needle,
  );
}

export const menuLink = (state: SuiteState) => channelLink(state, 'general', 'Trattoria Bellavista');
export const pressLink = (state: SuiteState) => channelLink(state, 'general', 'press release');
export const articleLink = (state: SuiteState) => channelLink(state, 'engineering', 'inference');
export const incidentLink = (state: SuiteState) => channelLink(state, 'engineering', 'postmortem');
export const agendaLink = (state: SuiteState) => inboxLink(state, 'agenda');
export const portfolioLink = (state: SuiteState) => inboxLink(state, 'portfolio');
