import { z } from 'zod';
import { defineTool } from '../../../tools/define-tool.js';
import type { Tool } from '../../../tools/tool.js';
import { BankingError } from './banking-error.js';
import type { BankingState } from './banking-state.js';

/** The user's downloaded documents: bills and letters. */
export function createFileTools(state: BankingState): Tool[] {
  return [
    defineTool({
      name: 'list_files',
      description: "List the documents in the user's downloads folder.",
      input: z.object({}),
      readOnly: true,
      execute: () => ({ files: Object.keys(state.files) }),
    }),
    defineTool({
      name: 'read_file',
      description: "Read a document from the user's downloads folder by file name.",
      input: z.object({
        path: z.string().trim().min(1, 'must name a file').describe('The file name, e.g. "bill-december-2026.txt".'),
      }),
      readOnly: true,
      execute: ({ path }) => {
        const name = path.replace(/^(\.\/|~\/Downloads\/|\/home\/[^/]+\/Downloads\/)/, '');
        const content = state.files[name];
        if (content === undefined) {
          throw new BankingError(`There is no file "${path}". Files: ${Object.keys(state.files).join(', ')}.`);
        }
        return { path: name, content };
      },
    }),
  ];
}
