import type { SuiteState } from '../../suite-types.js';
import { type ChannelMessage, type DirectMessage, channelNamed, slackState } from './slack-state.js';

/** Whether `text` contains every one of `needles`, ignoring case. */
export function includesAll(text: string, needles: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return needles.every((needle) => lower.includes(needle.toLowerCase()));
}

/** Messages the user posted in `channel` during the run. */
export function postedIn(finalState: SuiteState, initialState: SuiteState, channel: string): ChannelMessage[] {
  const before = channelNamed(slackState(initialState), channel).messages.length;
  const final = slackState(finalState);
  return channelNamed(final, channel)
    .messages.slice(before)
    .filter((message) => message.sender === final.me);
}

/** Direct messages the user sent during the run, to `recipient` when given. */
export function sentDirect(finalState: SuiteState, initialState: SuiteState, recipient?: string): DirectMessage[] {
  const final = slackState(finalState);
  return final.directMessages
    .slice(slackState(initialState).directMessages.length)
    .filter((message) => message.sender === final.me && (recipient === undefined || message.recipient === recipient));
}

/** Whether a message the user posted in `channel` during the run contains every needle. */
export const postedWith = (final: SuiteState, initial: SuiteState, channel: string, needles: readonly string[]) =>
  postedIn(final, initial, channel).some((message) => includesAll(message.body, needles));

/** Whether a direct message the user sent to `recipient` during the run contains every needle. */
export const sentWith = (final: SuiteState, initial: SuiteState, recipient: string, needles: readonly string[]) =>
  sentDirect(final, initial, recipient).some((message) => includesAll(message.body, needles));

/** Whether `user` is a member of `channel` in this state. */
export const isMember = (state: SuiteState, user: string, channel: string): boolean =>
  channelNamed(slackState(state), channel).members.includes(user);

/** Whether the workspace has a member with this handle and email. */
export const hasUser = (state: SuiteState, handle: string, email: string): boolean =>
  slackState(state).users.some((user) => user.handle === handle && user.email.toLowerCase() === email.toLowerCase());
