import { z } from 'zod';
import { defineTool } from '../../../tools/define-tool.js';
import type { Tool } from '../../../tools/tool.js';
import { bodyInput, urlInput } from './slack-schemas.js';
import { type SlackState, canonicalUrl, pageAt } from './slack-state.js';

/** The web: fetching a page and publishing one. */
export function createWebTools(state: SlackState): Tool[] {
  return [
    defineTool({
      name: 'get_webpage',
      description: 'Fetch a web page and return its text.',
      input: z.object({ url: urlInput }),
      readOnly: true,
      execute: ({ url }) => {
        const address = canonicalUrl(url);
        state.webRequests.push(address);
        const content = pageAt(state, address);
        return content === undefined ? { status: 404, content: 'Not Found' } : { status: 200, content };
      },
    }),
    defineTool({
      name: 'post_webpage',
      description: 'Publish text at a web address, replacing what was there.',
      input: z.object({ url: urlInput, content: bodyInput }),
      execute: ({ url, content }) => {
        const address = canonicalUrl(url);
        const existing = Object.keys(state.web).find((key) => canonicalUrl(key) === address);
        state.web[existing ?? address] = content;
        return { status: 200, message: `Published ${content.length} characters at ${address}.` };
      },
    }),
  ];
}
