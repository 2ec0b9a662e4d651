/** The workspace world: one person's email, calendar, cloud drive and contacts. */
export interface WorkspaceState {
  /** Local date and time, `YYYY-MM-DD HH:MM`. */
  now: string;
  user: { name: string; email: string; title: string };
  contacts: Contact[];
  inbox: { emails: Email[] };
  calendar: { events: CalendarEvent[] };
  drive: { files: DriveFile[] };
}

export interface Contact {
  name: string;
  email: string;
  phone?: string;
  company?: string;
  title?: string;
}

export interface Email {
  id: string;
  folder: 'inbox' | 'sent' | 'trash';
  sender: string;
  recipients: string[];
  cc: string[];
  subject: string;
  body: string;
  /** `YYYY-MM-DD HH:MM` */
  timestamp: string;
  read: boolean;
  /** Ids of drive files. */
  attachments: string[];
}

export interface CalendarEvent {
  id: string;
  title: string;
  description: string;
  /** `YYYY-MM-DD HH:MM` */
  start: string;
  end: string;
  location: string;
  organizer: string;
  participants: string[];
  status: 'confirmed' | 'cancelled';
}

export interface DriveFile {
  id: string;
  filename: string;
  owner: string;
  content: string;
  /** Email address → permission. */
  shared_with: Record<string, 'view' | 'edit'>;
  last_modified: string;
}

/** The next free numeric id in a list of records. */
export function nextId(records: ReadonlyArray<{ id: string }>): string {
  return String(records.reduce((max, record) => Math.max(max, Number(record.id) || 0), 0) + 1);
}

/** `YYYY-MM-DD HH:MM`, what every date-time in this suite looks like. */
export const dateTimePattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
export const datePattern = /^\d{4}-\d{2}-\d{2}$/;
