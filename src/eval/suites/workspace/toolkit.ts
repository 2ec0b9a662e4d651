import { z } from 'zod';
import { bindTools, type SuiteTool, suiteToolDefiner } from '../../suite/suite-tool.js';
import type { Tool } from '../../../tools/tool.js';
import { calendarTools } from './calendar-tools.js';
import { driveTools } from './drive-tools.js';
import { emailTools } from './email-tools.js';
import type { WorkspaceState } from './state.js';

const define = suiteToolDefiner<WorkspaceState>();

const contactTools: Array<SuiteTool<WorkspaceState>> = [
  define({
    name: 'search_contacts',
    description: "Search the user's address book (contacts) by name, email address or company.",
    input: z.object({ query: z.string().min(1) }),
    readOnly: true,
    execute: (state, { query }) => {
      const needle = query.toLowerCase();
      return state.contacts.filter((contact) =>
        `${contact.name}\n${contact.email}\n${contact.company ?? ''}`.toLowerCase().includes(needle),
      );
    },
  }),
];

const tools = [...emailTools, ...calendarTools, ...driveTools, ...contactTools];

/** The workspace toolkit: email, calendar, cloud drive and contacts, all acting on `state`. */
export default function createToolkit(state: WorkspaceState): Tool[] {
  return bindTools(tools, state);
}
