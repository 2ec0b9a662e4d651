import { z } from 'zod';
import { type SuiteTool, suiteToolDefiner } from '../../suite/suite-tool.js';
import type { Email, WorkspaceState } from './state.js';
import { nextId } from './state.js';

const view = ({ read: _read, ...email }: Email) => email;

function findEmail(state: WorkspaceState, id: string): Email {
  const email = state.inbox.emails.find((candidate) => candidate.id === id && candidate.folder !== 'trash');
  if (!email) throw new Error(`No email with id "${id}". Use search_emails or get_unread_emails to find its id.`);
  return email;
}

/** Reading, searching, sending and deleting email. */
const define = suiteToolDefiner<WorkspaceState>();

export const emailTools: Array<SuiteTool<WorkspaceState>> = [
  define({
    name: 'get_unread_emails',
    description: 'List the unread emails in the inbox, newest first, with sender, subject and body.',
    input: z.object({}),
    readOnly: true,
    execute: (state) =>
      state.inbox.emails
        .filter((email) => email.folder === 'inbox' && !email.read)
        .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
        .map(view),
  }),
  define({
    name: 'search_emails',
    description:
      'Search received and sent emails whose subject or body contains the query text (case-insensitive), optionally only from one sender. Returns full emails, newest first.',
    input: z.object({
      query: z.string().min(1).describe('Text to look for in the subject or body'),
      sender: z.string().optional().describe('Only emails from this address (or part of it)'),
    }),
    readOnly: true,
    execute: (state, { query, sender }) => {
      const needle = query.toLowerCase();
      return state.inbox.emails
        .filter((email) => email.folder !== 'trash')
        .filter((email) => `${email.subject}\n${email.body}`.toLowerCase().includes(needle))
        .filter((email) => !sender || email.sender.toLowerCase().includes(sender.toLowerCase()))
        .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
        .map(view);
    },
  }),
  define({
    name: 'get_email_by_id',
    description: 'Read one email by its id.',
    input: z.object({ email_id: z.string().min(1) }),
    readOnly: true,
    execute: (state, { email_id }) => view(findEmail(state, email_id)),
  }),
  define({
    name: 'send_email',
    description:
      "Send an email from the user's address. Attachments are ids of files in the user's cloud drive. Returns the sent email.",
    input: z.object({
      recipients: z.array(z.email()).min(1).describe('Email addresses to send to'),
      subject: z.string().min(1),
      body: z.string().min(1),
      cc: z.array(z.email()).optional(),
      attachments: z.array(z.string()).optional().describe('Ids of drive files to attach'),
    }),
    execute: (state, { recipients, subject, body, cc, attachments }) => {
      for (const id of attachments ?? []) {
        if (!state.drive.files.some((file) => file.id === id)) {
          throw new Error(`No file with id "${id}" to attach. Use search_files or list_files to find the id.`);
        }
      }
      const email: Email = {
        id: nextId(state.inbox.emails),
        folder: 'sent',
        sender: state.user.email,
        recipients,
        cc: cc ?? [],
        subject,
        body,
        timestamp: state.now,
        read: true,
        attachments: attachments ?? [],
      };
      state.inbox.emails.push(email);
      return view(email);
    },
  }),
  define({
    name: 'delete_email',
    description: 'Move an email to the trash, by id.',
    input: z.object({ email_id: z.string().min(1) }),
    execute: (state, { email_id }) => {
      const email = findEmail(state, email_id);
      email.folder = 'trash';
      return { deleted: email.id, subject: email.subject };
    },
  }),
];
