import type { SuiteState } from '../../suite-types.js';
import type { CalendarEvent, DriveFile, Email, WorkspaceState } from './state.js';

/** Lookups that tasks use to compute ground truth from a state and to check a final state. */
export const world = (state: SuiteState): WorkspaceState => state as WorkspaceState;

export function emailWithSubject(state: SuiteState, subject: string): Email {
  const email = world(state).inbox.emails.find((candidate) => candidate.subject.includes(subject));
  if (!email) throw new Error(`The workspace has no email with subject "${subject}".`);
  return email;
}

export function eventTitled(state: SuiteState, title: string): CalendarEvent {
  const event = world(state).calendar.events.find((candidate) => candidate.title.includes(title));
  if (!event) throw new Error(`The workspace has no calendar event titled "${title}".`);
  return event;
}

export function fileNamed(state: SuiteState, filename: string): DriveFile {
  const file = world(state).drive.files.find((candidate) => candidate.filename === filename);
  if (!file) throw new Error(`The workspace has no file "${filename}".`);
  return file;
}

export const hasFile = (state: SuiteState, id: string): boolean =>
  world(state).drive.files.some((file) => file.id === id);

export function contactEmail(state: SuiteState, name: string): string {
  const contact = world(state).contacts.find((candidate) => candidate.name === name);
  if (!contact) throw new Error(`The workspace has no contact "${name}".`);
  return contact.email;
}

/** Emails sent during the run (in the final state, not in the initial one). */
export function sentDuringRun(finalState: SuiteState, initialState: SuiteState): Email[] {
  const before = new Set(world(initialState).inbox.emails.map((email) => email.id));
  return world(finalState).inbox.emails.filter((email) => email.folder === 'sent' && !before.has(email.id));
}

/** Events created during the run. */
export function eventsCreatedDuringRun(finalState: SuiteState, initialState: SuiteState): CalendarEvent[] {
  const before = new Set(world(initialState).calendar.events.map((event) => event.id));
  return world(finalState).calendar.events.filter((event) => !before.has(event.id));
}

export const sentTo = (email: Email, address: string): boolean =>
  [...email.recipients, ...email.cc].some((recipient) => recipient.toLowerCase() === address.toLowerCase());

/** The rows of the customer survey file: `R01 | company | rating | comment`. */
export function surveyRows(
  state: SuiteState,
): Array<{ respondent: string; company: string; rating: number; comment: string }> {
  return fileNamed(state, 'customer-survey-responses-q2.txt')
    .content.split('\n')
    .map((line) => /^(R\d+) \| (.*?) \| (\d) \| (.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ respondent: match[1]!, company: match[2]!, rating: Number(match[3]), comment: match[4]! }));
}

export const mentions = (text: string, ...needles: string[]): boolean =>
  needles.every((needle) => text.toLowerCase().includes(needle.toLowerCase()));
