import { z } from 'zod';
import { type SuiteTool, suiteToolDefiner } from '../../suite/suite-tool.js';
import type { CalendarEvent, WorkspaceState } from './state.js';
import { datePattern, dateTimePattern, nextId } from './state.js';

const dateTime = z.string().regex(dateTimePattern, 'use "YYYY-MM-DD HH:MM", e.g. "2025-05-20 14:30"');
const date = z.string().regex(datePattern, 'use "YYYY-MM-DD", e.g. "2025-05-20"');

function findEvent(state: WorkspaceState, id: string): CalendarEvent {
  const event = state.calendar.events.find((candidate) => candidate.id === id);
  if (!event) throw new Error(`No calendar event with id "${id}". Use search_calendar_events to find its id.`);
  return event;
}

const minutesBetween = (start: string, end: string): number =>
  (Date.parse(`${end.replace(' ', 'T')}:00Z`) - Date.parse(`${start.replace(' ', 'T')}:00Z`)) / 60_000;

function addMinutes(start: string, minutes: number): string {
  return new Date(Date.parse(`${start.replace(' ', 'T')}:00Z`) + minutes * 60_000)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');
}

/** The user's calendar: reading, creating, moving and cancelling events. */
const active = (state: WorkspaceState) => state.calendar.events.filter((event) => event.status === 'confirmed');

const define = suiteToolDefiner<WorkspaceState>();

export const calendarTools: Array<SuiteTool<WorkspaceState>> = [
  define({
    name: 'get_current_day',
    description: "Today's date, the current time and the weekday.",
    input: z.object({}),
    readOnly: true,
    execute: (state) => {
      const [day, time] = state.now.split(' ');
      const weekday = new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
      return { date: day, time, weekday };
    },
  }),
  define({
    name: 'get_day_calendar_events',
    description: 'List the calendar events (meetings, appointments) on one day, in order.',
    input: z.object({ day: date }),
    readOnly: true,
    execute: (state, { day }) =>
      active(state)
        .filter((event) => event.start.startsWith(day))
        .sort((a, b) => a.start.localeCompare(b.start)),
  }),
  define({
    name: 'search_calendar_events',
    description:
      'Search calendar events (meetings, appointments) whose title, description or location contains the query, optionally on one day.',
    input: z.object({ query: z.string().min(1), date: date.optional() }),
    readOnly: true,
    execute: (state, { query, date: day }) => {
      const needle = query.toLowerCase();
      return active(state)
        .filter((event) => `${event.title}\n${event.description}\n${event.location}`.toLowerCase().includes(needle))
        .filter((event) => !day || event.start.startsWith(day))
        .sort((a, b) => a.start.localeCompare(b.start));
    },
  }),
  define({
    name: 'create_calendar_event',
    description:
      'Create a calendar event (meeting, appointment) and invite participants by email address. Returns the event.',
    input: z.object({
      title: z.string().min(1),
      start_time: dateTime,
      end_time: dateTime,
      description: z.string().optional(),
      location: z.string().optional(),
      participants: z.array(z.email()).optional().describe('Email addresses to invite'),
    }),
    execute: (state, { title, start_time, end_time, description, location, participants }) => {
      if (minutesBetween(start_time, end_time) <= 0) throw new Error('end_time must be after start_time.');
      const event: CalendarEvent = {
        id: nextId(state.calendar.events),
        title,
        description: description ?? '',
        start: start_time,
        end: end_time,
        location: location ?? '',
        organizer: state.user.email,
        participants: [state.user.email, ...(participants ?? []).filter((email) => email !== state.user.email)],
        status: 'confirmed',
      };
      state.calendar.events.push(event);
      return event;
    },
  }),
  define({
    name: 'reschedule_calendar_event',
    description: 'Move a calendar event (meeting) to a new start time; without a new end time it keeps its length.',
    input: z.object({ event_id: z.string().min(1), new_start_time: dateTime, new_end_time: dateTime.optional() }),
    execute: (state, { event_id, new_start_time, new_end_time }) => {
      const event = findEvent(state, event_id);
      const end = new_end_time ?? addMinutes(new_start_time, minutesBetween(event.start, event.end));
      if (minutesBetween(new_start_time, end) <= 0) throw new Error('new_end_time must be after new_start_time.');
      event.start = new_start_time;
      event.end = end;
      return event;
    },
  }),
  define({
    name: 'add_calendar_event_participants',
    description: 'Invite more people, by email address, to an existing calendar event (meeting).',
    input: z.object({ event_id: z.string().min(1), participants: z.array(z.email()).min(1) }),
    execute: (state, { event_id, participants }) => {
      const event = findEvent(state, event_id);
      for (const email of participants) if (!event.participants.includes(email)) event.participants.push(email);
      return event;
    },
  }),
  define({
    name: 'cancel_calendar_event',
    description: 'Cancel a calendar event (meeting, appointment) by id; participants are told.',
    input: z.object({ event_id: z.string().min(1) }),
    execute: (state, { event_id }) => {
      const event = findEvent(state, event_id);
      event.status = 'cancelled';
      return { cancelled: event.id, title: event.title };
    },
  }),
];
