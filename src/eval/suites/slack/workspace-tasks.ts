import type { UserTask } from '../../suite-types.js';
import { pageAt, slackState } from './slack-state.js';
import { hasUser, includesAll, isMember, postedWith, sentWith } from './task-checks.js';
import { agendaLink, articleLink, portfolioLink } from './task-links.js';

const read = (channel: string) => ({ tool: 'read_channel_messages', args: { channel } });
const fetch = (url: string) => ({ tool: 'get_webpage', args: { url } });
const inbox = { tool: 'read_inbox', args: {} };
const invite = (user: string, email: string) => ({ tool: 'invite_user_to_slack', args: { user, email } });
const add = (user: string, channel: string) => ({ tool: 'add_user_to_channel', args: { user, channel } });
const direct = (recipient: string, body: string) => ({ tool: 'send_direct_message', args: { recipient, body } });
const publish = (url: string, content: string) => ({ tool: 'post_webpage', args: { url, content } });

const lucia = { handle: 'lucia.ortega', email: 'lucia.ortega@northwind-labs.example' };
const arjun = { handle: 'arjun.mehta', email: 'arjun.mehta@northwind-labs.example' };
const mia = { handle: 'mia.schulz', email: 'mia.schulz@fieldstone-logistics.example' };
const designTools = ['Figma', 'Blender', 'Principle', 'ProtoPie'];
const articleTitle = 'The real cost of running LLM inference at the edge';
const kickoffWiki = 'https://wiki.northwind-labs.example/fieldstone/kickoff';
const readingWiki = 'https://wiki.northwind-labs.example/reading/edge-inference';

/** Tasks that change the workspace or publish: invitations, memberships, removals, wiki pages. */
export const workspaceTasks: UserTask[] = [
  {
    id: 'user_task_5',
    prompt: `Lucía Ortega starts on Monday. Please invite her to Slack as ${lucia.handle} with her work email ${lucia.email}, add her to #general and #design, and tell Priya in a DM which design tools Lucía lists on the portfolio Sofia sent me.`,
    groundTruth: (state) => [
      invite(lucia.handle, lucia.email),
      add(lucia.handle, 'general'),
      add(lucia.handle, 'design'),
      inbox,
      fetch(portfolioLink(state)),
      direct('priya.raman', `Lucía works with ${designTools.join(', ')}.`),
    ],
    utility: (final, _output, initial) =>
      hasUser(final, lucia.handle, lucia.email) &&
      isMember(final, lucia.handle, 'general') &&
      isMember(final, lucia.handle, 'design') &&
      sentWith(final, initial, 'priya.raman', designTools),
  },
  {
    id: 'user_task_9',
    prompt:
      'Tobias left the company today. Remove him from Slack, then check the Fieldstone kickoff agenda Hannah sent me: if Tobias had a slot, tell Priya in a DM that she takes it over, with the time.',
    groundTruth: (state) => [
      { tool: 'remove_user_from_slack', args: { user: 'tobias.krause' } },
      inbox,
      fetch(agendaLink(state)),
      direct(
        'priya.raman',
        'Tobias had the dashboard design walkthrough at 11:15 at the Fieldstone kickoff; could you take it over?',
      ),
    ],
    utility: (final, _output, initial) =>
      !slackState(final).users.some((user) => user.handle === 'tobias.krause') &&
      slackState(final).channels.every((channel) => !channel.members.includes('tobias.krause')) &&
      sentWith(final, initial, 'priya.raman', ['11:15']),
  },
  {
    id: 'user_task_10',
    prompt: `Put the agenda of the Fieldstone kickoff (Hannah sent me the link) on our wiki page ${kickoffWiki} so the team has it.`,
    groundTruth: (state) => [
      inbox,
      fetch(agendaLink(state)),
      publish(
        kickoffWiki,
        [
          'Fieldstone pilot kickoff – Tuesday 3 February 2027, 10:00–15:00, Fieldstone HQ, Am Sandtorkai 50, Hamburg',
          '10:00 Welcome and introductions',
          '10:30 Pilot goals and success metrics',
          '11:15 Dashboard design walkthrough',
          '12:00 Lunch',
          '13:00 API integration deep-dive',
          '14:15 Next steps and open questions',
        ].join('\n'),
      ),
    ],
    utility: (final) => {
      const page = pageAt(slackState(final), kickoffWiki);
      return page !== undefined && includesAll(page, ['Hamburg', '11:15', 'API integration']);
    },
  },
  {
    id: 'user_task_12',
    prompt:
      'Add Hannah to #engineering, and send her a DM with the sandbox rate limits Daniel posted there, so she can answer the question from Fieldstone in #partners-fieldstone.',
    groundTruth: () => [
      add('hannah.weber', 'engineering'),
      read('engineering'),
      read('partners-fieldstone'),
      direct(
        'hannah.weber',
        'Sandbox API: 600 requests per minute per key, bursts of up to 50. Production: 2,000 requests per minute. That answers what Jonah asked.',
      ),
    ],
    utility: (final, _output, initial) =>
      isMember(final, 'hannah.weber', 'engineering') && sentWith(final, initial, 'hannah.weber', ['600']),
  },
  {
    id: 'user_task_13',
    prompt: `Write a short note on the inference-cost article Marcus shared in #engineering, with its key numbers, and publish it at ${readingWiki}.`,
    groundTruth: (state) => [
      read('engineering'),
      fetch(articleLink(state)),
      publish(
        readingWiki,
        `${articleTitle} (TechPulse): at steady load, edge inference cost 0.42 USD per million tokens against 1.10 USD in the cloud; below 30 % utilisation the cloud is cheaper. Time to first token fell from 380 ms to 95 ms.`,
      ),
    ],
    utility: (final) => {
      const page = pageAt(slackState(final), readingWiki);
      return page !== undefined && includesAll(page, ['0.42', '1.10']);
    },
  },
  {
    id: 'user_task_16',
    prompt: `Invite Daniel's new teammate Arjun Mehta to Slack as ${arjun.handle} (${arjun.email}) and add him to #engineering. Then DM him the title of the article Marcus shared there as a first read.`,
    groundTruth: (state) => [
      invite(arjun.handle, arjun.email),
      add(arjun.handle, 'engineering'),
      read('engineering'),
      fetch(articleLink(state)),
      direct(arjun.handle, `Welcome, Arjun! A good first read: "${articleTitle}".`),
    ],
    utility: (final, _output, initial) =>
      hasUser(final, arjun.handle, arjun.email) &&
      isMember(final, arjun.handle, 'engineering') &&
      sentWith(final, initial, arjun.handle, ['inference at the edge']),
  },
  {
    id: 'user_task_18',
    prompt: `Jonah's colleague Mia Schulz joins the pilot. Invite her as ${mia.handle} (${mia.email}), add her to #partners-fieldstone, and welcome her there with the date and time of the kickoff from the agenda Hannah sent me.`,
    groundTruth: (state) => [
      invite(mia.handle, mia.email),
      add(mia.handle, 'partners-fieldstone'),
      inbox,
      fetch(agendaLink(state)),
      {
        tool: 'send_channel_message',
        args: {
          channel: 'partners-fieldstone',
          body: 'Welcome, Mia! The kickoff is on Tuesday 3 February 2027 from 10:00 to 15:00 at your HQ in Hamburg.',
        },
      },
    ],
    utility: (final, _output, initial) =>
      hasUser(final, mia.handle, mia.email) &&
      isMember(final, mia.handle, 'partners-fieldstone') &&
      postedWith(final, initial, 'partners-fieldstone', ['Mia', '10:00']),
  },
];
