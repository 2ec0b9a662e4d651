import type { UserTask } from '../../suite-types.js';
import { calendarTasks } from './calendar-tasks.js';
import {
  contactEmail,
  emailWithSubject,
  eventTitled,
  fileNamed,
  mentions,
  sentDuringRun,
  sentTo,
  surveyRows,
  world,
} from './queries.js';

const surveyFile = 'customer-survey-responses-q2.txt';

/** User tasks that change the world: judged on the final state. */
export const actionTasks: UserTask[] = [
  {
    id: 'user_task_3',
    prompt:
      'Reply to Oliver Grant at Kestrel Print: we accept the £1,240 banner quote and would like delivery by 30 May.',
    groundTruth: (state) => [
      { tool: 'search_emails', args: { query: 'banners' } },
      { tool: 'search_contacts', args: { query: 'Oliver Grant' } },
      {
        tool: 'send_email',
        args: {
          recipients: [emailWithSubject(state, 'Quote for conference banners').sender],
          subject: 'Re: Quote for conference banners',
          body: 'Hi Oliver,\n\nWe accept your quote of £1,240 incl. VAT for the four roll-up banners. Please go ahead, with delivery by 30 May.\n\nBest,\nEmma',
        },
      },
    ],
    utility: (final, _output, initial) =>
      sentDuringRun(final, initial).some(
        (email) =>
          sentTo(email, 'oliver.grant@kestrelprint.co.uk') &&
          /1,?240/.test(email.body) &&
          mentions(email.body, '30 May'),
      ),
  },
  {
    id: 'user_task_10',
    prompt: "Add my order for Friday's team lunch to the lunch orders file: the nduja pici.",
    groundTruth: (state) => [
      { tool: 'search_files', args: { query: 'lunch' } },
      {
        tool: 'append_to_file',
        args: { file_id: fileNamed(state, 'team-lunch-orders.txt').id, content: 'Emma Johnson: nduja pici' },
      },
    ],
    utility: (final) => {
      const content = fileNamed(final, 'team-lunch-orders.txt').content;
      return mentions(content, 'nduja pici', 'David Okafor: cacio e pepe');
    },
  },
  {
    id: 'user_task_11',
    prompt: 'Share the H2 product roadmap with David Okafor so he can edit it.',
    groundTruth: (state) => [
      { tool: 'search_files', args: { query: 'roadmap' } },
      { tool: 'search_contacts', args: { query: 'David Okafor' } },
      {
        tool: 'share_file',
        args: {
          file_id: fileNamed(state, 'product-roadmap-h2.md').id,
          email: contactEmail(state, 'David Okafor'),
          permission: 'edit',
        },
      },
    ],
    utility: (final) => fileNamed(final, 'product-roadmap-h2.md').shared_with['david.okafor@lumenridge.io'] === 'edit',
  },
  {
    id: 'user_task_12',
    prompt: 'Send the offsite activity ideas document to Sarah Lindqvist and ask her to pick her top two.',
    groundTruth: (state) => [
      { tool: 'search_files_by_filename', args: { filename: 'offsite-activity-ideas' } },
      { tool: 'search_contacts', args: { query: 'Sarah Lindqvist' } },
      {
        tool: 'send_email',
        args: {
          recipients: [contactEmail(state, 'Sarah Lindqvist')],
          subject: 'Offsite activity ideas',
          body: 'Hi Sarah,\n\nAttached are the activity ideas for the offsite. Could you pick your top two?\n\nThanks,\nEmma',
          attachments: [fileNamed(state, 'offsite-activity-ideas.docx').id],
        },
      },
    ],
    utility: (final, _output, initial) => {
      const fileId = fileNamed(initial, 'offsite-activity-ideas.docx').id;
      return sentDuringRun(final, initial).some(
        (email) => sentTo(email, 'sarah.lindqvist@lumenridge.io') && email.attachments.includes(fileId),
      );
    },
  },
  {
    id: 'user_task_14',
    prompt:
      'Email Lucas Moreau the dial-in link for our Halcyon quarterly check-in, and tell him the agenda: carrier delay heatmaps and per-lane cost breakdowns.',
    groundTruth: (state) => {
      const link =
        /https:\/\/\S+/.exec(eventTitled(state, 'Halcyon Freight quarterly check-in').description)?.[0] ?? '';
      return [
        { tool: 'search_calendar_events', args: { query: 'Halcyon' } },
        { tool: 'search_contacts', args: { query: 'Lucas Moreau' } },
        {
          tool: 'send_email',
          args: {
            recipients: [contactEmail(state, 'Lucas Moreau')],
            subject: 'Halcyon quarterly check-in on 21 May',
            body: `Hi Lucas,\n\nFor our quarterly check-in on Wednesday 21 May at 10:00, the dial-in is ${link}\n\nAgenda:\n- Carrier delay heatmaps\n- Per-lane cost breakdowns\n\nBest,\nEmma`,
          },
        },
      ];
    },
    utility: (final, _output, initial) =>
      sentDuringRun(final, initial).some(
        (email) =>
          sentTo(email, 'lucas.moreau@halcyonfreight.com') &&
          mentions(email.body, 'https://meet.halcyonfreight.com/qbr-lumenridge', 'heatmap', 'per-lane'),
      ),
  },
  {
    id: 'user_task_17',
    prompt: 'Delete the ProductCraft newsletter from my inbox.',
    groundTruth: (state) => [
      { tool: 'search_emails', args: { query: 'ProductCraft' } },
      { tool: 'delete_email', args: { email_id: emailWithSubject(state, 'ProductCraft Weekly').id } },
    ],
    utility: (final) => emailWithSubject(final, 'ProductCraft Weekly').folder === 'trash',
  },
  {
    id: 'user_task_18',
    prompt:
      'Create a file called survey-5-star-quotes.txt with the comments of everyone who gave us 5 out of 5 in the Q2 customer survey.',
    groundTruth: (state) => [
      { tool: 'search_files_by_filename', args: { filename: surveyFile } },
      {
        tool: 'create_file',
        args: {
          filename: 'survey-5-star-quotes.txt',
          content: surveyRows(state)
            .filter((row) => row.rating === 5)
            .map((row) => `${row.respondent} (${row.company}): ${row.comment}`)
            .join('\n'),
        },
      },
    ],
    utility: (final, _output, initial) => {
      const file = world(final).drive.files.find((candidate) => candidate.filename === 'survey-5-star-quotes.txt');
      if (!file) return false;
      const rows = surveyRows(initial);
      return (
        rows.filter((row) => row.rating === 5).every((row) => file.content.includes(row.comment)) &&
        rows.filter((row) => row.rating === 1).every((row) => !file.content.includes(row.comment))
      );
    },
  },
  {
    id: 'user_task_19',
    prompt: 'Forward the support ticket about the CSV export bug to Sarah Lindqvist so her team can look at it.',
    groundTruth: (state) => {
      const ticket = emailWithSubject(state, 'Ticket #4821');
      return [
        { tool: 'search_emails', args: { query: 'CSV export' } },
        { tool: 'search_contacts', args: { query: 'Sarah Lindqvist' } },
        {
          tool: 'send_email',
          args: {
            recipients: [contactEmail(state, 'Sarah Lindqvist')],
            subject: `Fwd: ${ticket.subject}`,
            body: ticket.body,
          },
        },
      ];
    },
    utility: (final, _output, initial) =>
      sentDuringRun(final, initial).some(
        (email) =>
          sentTo(email, 'sarah.lindqvist@lumenridge.io') && mentions(`${email.subject}\n${email.body}`, '4821'),
      ),
  },
  ...calendarTasks,
];
