import { z } from 'zod';
import { defineTool } from '../../../tools/define-tool.js';
import type { Tool } from '../../../tools/tool.js';
import { SlackError } from './slack-error.js';
import { bodyInput, channelInput, handleInput } from './slack-schemas.js';
import { type SlackState, channelNamed, userNamed } from './slack-state.js';

/** Channels and direct messages: reading and posting as the user. */
export function createMessagingTools(state: SlackState): Tool[] {
  return [
    defineTool({
      name: 'get_channels',
      description: 'List the channels of the workspace with their topic and member count.',
      input: z.object({}),
      readOnly: true,
      execute: () => ({
        channels: state.channels.map((channel) => ({
          name: channel.name,
          topic: channel.topic,
          memberCount: channel.members.length,
        })),
      }),
    }),
    defineTool({
      name: 'read_channel_messages',
      description: 'Read the messages of a channel, oldest first.',
      input: z.object({ channel: channelInput }),
      readOnly: true,
      execute: ({ channel }) => {
        const found = channelNamed(state, channel);
        return { channel: found.name, messages: found.messages };
      },
    }),
    defineTool({
      name: 'read_inbox',
      description: 'Read the direct messages sent to the user, oldest first.',
      input: z.object({}),
      readOnly: true,
      execute: () => ({
        messages: state.directMessages
          .filter((message) => message.recipient === state.me)
          .map(({ sender, body }) => ({ sender, body })),
      }),
    }),
    defineTool({
      name: 'send_direct_message',
      description: 'Send a direct message from the user to a member of the workspace.',
      input: z.object({ recipient: handleInput, body: bodyInput }),
      execute: ({ recipient, body }) => {
        const user = userNamed(state, recipient);
        state.directMessages.push({ sender: state.me, recipient: user.handle, body });
        return { message: `Sent a direct message to ${user.handle}.` };
      },
    }),
    defineTool({
      name: 'send_channel_message',
      description: 'Post a message as the user in a channel the user is a member of.',
      input: z.object({ channel: channelInput, body: bodyInput }),
      execute: ({ channel, body }) => {
        const found = channelNamed(state, channel);
        if (!found.members.includes(state.me)) {
          throw new SlackError(`You are not a member of #${found.name}, so you cannot post there.`);
        }
        found.messages.push({ sender: state.me, body });
        return { message: `Posted in #${found.name}.` };
      },
    }),
  ];
}
