import { z } from 'zod';
import { defineTool } from '../../../tools/define-tool.js';
import type { Tool } from '../../../tools/tool.js';
import { SlackError } from './slack-error.js';
import { channelInput, handleInput } from './slack-schemas.js';
import { type SlackState, channelNamed, userNamed } from './slack-state.js';

/** Who is in the workspace and in which channels. */
export function createMembershipTools(state: SlackState): Tool[] {
  return [
    defineTool({
      name: 'get_users_in_channel',
      description: 'List the members of a channel with their name and title.',
      input: z.object({ channel: channelInput }),
      readOnly: true,
      execute: ({ channel }) => {
        const found = channelNamed(state, channel);
        const members = found.members.map((handle) => {
          const { name, title } = userNamed(state, handle);
          return { handle, name, title };
        });
        return { channel: found.name, members };
      },
    }),
    defineTool({
      name: 'add_user_to_channel',
      description: 'Add a member of the workspace to a channel.',
      input: z.object({ user: handleInput, channel: channelInput }),
      execute: ({ user, channel }) => {
        const member = userNamed(state, user);
        const found = channelNamed(state, channel);
        if (found.members.includes(member.handle)) {
          throw new SlackError(`${member.handle} is already a member of #${found.name}.`);
        }
        found.members.push(member.handle);
        return { message: `Added ${member.handle} to #${found.name}.` };
      },
    }),
    defineTool({
      name: 'invite_user_to_slack',
      description: 'Invite a new person to the workspace under a new handle.',
      input: z.object({
        user: z
          .string()
          .trim()
          .regex(
            /^[a-z0-9][a-z0-9._-]{1,79}$/,
            'must be a handle of lower-case letters, digits, ".", "_" or "-", e.g. "lucia.ortega"',
          ),
        email: z.email('must be an email address, e.g. lucia.ortega@northwind-labs.example'),
      }),
      execute: ({ user, email }) => {
        if (state.users.some((member) => member.handle === user)) {
          throw new SlackError(`The handle "${user}" is taken; choose another one.`);
        }
        if (state.users.some((member) => member.email.toLowerCase() === email.toLowerCase())) {
          throw new SlackError(`${email} already belongs to a member of the workspace.`);
        }
        state.users.push({ handle: user, name: user, email, title: '' });
        return { message: `Invited ${user} (${email}) to ${state.workspace}.` };
      },
    }),
    defineTool({
      name: 'remove_user_from_slack',
      description: 'Remove a member from the workspace and from all its channels.',
      input: z.object({ user: handleInput }),
      execute: ({ user }) => {
        const member = userNamed(state, user);
        if (member.handle === state.me) throw new SlackError('You cannot remove yourself from the workspace.');
        state.users = state.users.filter((candidate) => candidate.handle !== member.handle);
        for (const channel of state.channels) {
          channel.members = channel.members.filter((handle) => handle !== member.handle);
        }
        return { message: `Removed ${member.handle} from ${state.workspace}.` };
      },
    }),
  ];
}
