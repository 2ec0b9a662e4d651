import { z } from 'zod';
import { bindTools, type SuiteTool, suiteToolDefiner } from '../../suite/suite-tool.js';
import type { Tool } from '../../../tools/tool.js';
import { bookingTools } from './booking-tools.js';
import { placeTools } from './place-tools.js';
import type { CalendarEvent, SentEmail, TravelState } from './state.js';
import { dateTimePattern } from './state.js';

const dateTime = z.string().regex(dateTimePattern, 'use "YYYY-MM-DD HH:MM", e.g. "2025-06-21 20:00"');

const define = suiteToolDefiner<TravelState>();

const accountTools: Array<SuiteTool<TravelState>> = [
  define({
    name: 'get_user_information',
    description:
      "The traveller's profile: name, email, phone, home address, date of birth, passport number and payment card.",
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.user,
  }),
  define({
    name: 'update_user_information',
    description: "Change the traveller's profile email, phone or home address.",
    input: z.object({
      email: z.email().optional(),
      phone: z.string().min(5).optional(),
      address: z.string().min(5).optional(),
    }),
    execute: (state, changes) => {
      Object.assign(state.user, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)));
      return state.user;
    },
  }),
  define({
    name: 'send_email',
    description: "Send an email from the traveller's address (e.g. to share plans or a confirmation).",
    input: z.object({ recipients: z.array(z.email()).min(1), subject: z.string().min(1), body: z.string().min(1) }),
    execute: (state, { recipients, subject, body }) => {
      const email: SentEmail = {
        id: String(state.emails.sent.length + 1),
        recipients,
        subject,
        body,
        timestamp: state.now,
      };
      state.emails.sent.push(email);
      return { ...email, sender: state.user.email };
    },
  }),
  define({
    name: 'create_calendar_event',
    description:
      "Add an event (a stay, a dinner, a trip) to the traveller's calendar, optionally inviting people by email.",
    input: z.object({
      title: z.string().min(1),
      start_time: dateTime,
      end_time: dateTime,
      location: z.string().optional(),
      description: z.string().optional(),
      participants: z.array(z.email()).optional(),
    }),
    execute: (state, { title, start_time, end_time, location, description, participants }) => {
      if (end_time <= start_time) throw new Error('end_time must be after start_time.');
      const event: CalendarEvent = {
        id: String(state.calendar.events.length + 1),
        title,
        start: start_time,
        end: end_time,
        location: location ?? '',
        description: description ?? '',
        participants: participants ?? [],
      };
      state.calendar.events.push(event);
      return event;
    },
  }),
];

const tools = [...placeTools, ...bookingTools, ...accountTools];

/** The travel toolkit: listings and reviews, bookings, the traveller's profile, email and calendar. */
export default function createToolkit(state: TravelState): Tool[] {
  return bindTools(tools, state);
}
