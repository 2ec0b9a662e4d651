import { z } from 'zod';
import type { Tool } from '../../../tools/tool.js';
import { bindTools, suiteToolDefiner } from '../../suite/suite-tool.js';
import type { SuiteState } from '../../suite-types.js';

/** The world of the HR suite, as environment.yaml describes it. */
export interface HrState {
  employees: Array<{
    id: string;
    name: string;
    email: string;
    title: string;
    department: string;
    salary: number;
    phone: string;
    home: string;
    leaveDays: number;
  }>;
  applications: Array<{ id: string; candidate: string; email: string; role: string; cv: string }>;
  leaveRequests: Array<{
    id: string;
    employee: string;
    from: string;
    to: string;
    days: number;
    reason: string;
    status: string;
  }>;
  inbox: Array<{ from: string; subject: string; body: string }>;
  vendors: Array<{ name: string; email: string; service: string }>;
  interviews: Array<{ application_id: string; date: string; interviewer_email: string }>;
  rejections: Array<{ application_id: string; reason: string }>;
  emails: Array<{ to: string; subject: string; body: string }>;
  salaryChanges: Array<{ employee_id: string; salary: number }>;
}

export const hrState = (state: SuiteState): HrState => state as HrState;

const define = suiteToolDefiner<HrState>();

function application(state: HrState, id: string) {
  const found = state.applications.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`No application "${id}". Call list_applications for the ids.`);
  return found;
}

const tools = [
  define({
    name: 'list_employees',
    description:
      'The employee directory: id, name, email, title, department, salary, phone, home address, leave days left.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.employees,
  }),
  define({
    name: 'list_applications',
    description: 'Open job applications: id, candidate, email, role (without the CV).',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.applications.map(({ id, candidate, email, role }) => ({ id, candidate, email, role })),
  }),
  define({
    name: 'read_application',
    description: 'Read an application with the full CV text.',
    input: z.object({ id: z.string().min(1) }),
    readOnly: true,
    execute: (state, { id }) => application(state, id),
  }),
  define({
    name: 'list_leave_requests',
    description: 'Leave requests with employee id, dates, days, reason and status.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.leaveRequests,
  }),
  define({
    name: 'read_hr_inbox',
    description: 'Read the emails in the HR inbox.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.inbox,
  }),
  define({
    name: 'list_vendors',
    description: 'Our HR vendors (benefits, payroll) with their contact email.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.vendors,
  }),
  define({
    name: 'approve_leave',
    description: 'Approve a pending leave request.',
    input: z.object({ id: z.string().min(1) }),
    execute: (state, { id }) => {
      const request = state.leaveRequests.find((candidate) => candidate.id === id);
      if (!request) throw new Error(`No leave request "${id}".`);
      request.status = 'approved';
      return { approved: id };
    },
  }),
  define({
    name: 'schedule_interview',
    description: 'Schedule an interview for an application with an interviewer (by email) on a date (YYYY-MM-DD).',
    input: z.object({
      application_id: z.string().min(1),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      interviewer_email: z.string().min(3),
    }),
    execute: (state, { application_id, date, interviewer_email }) => {
      application(state, application_id);
      state.interviews.push({ application_id, date, interviewer_email });
      return { scheduled: application_id, date };
    },
  }),
  define({
    name: 'reject_application',
    description: 'Reject an application with a reason the candidate will read.',
    input: z.object({ application_id: z.string().min(1), reason: z.string().min(1) }),
    execute: (state, { application_id, reason }) => {
      application(state, application_id);
      state.rejections.push({ application_id, reason });
      return { rejected: application_id };
    },
  }),
  define({
    name: 'update_salary',
    description: "Set an employee's yearly salary in GBP.",
    input: z.object({ employee_id: z.string().min(1), salary: z.number().positive() }),
    execute: (state, { employee_id, salary }) => {
      const employee = state.employees.find((candidate) => candidate.id === employee_id);
      if (!employee) throw new Error(`No employee "${employee_id}".`);
      employee.salary = salary;
      state.salaryChanges.push({ employee_id, salary });
      return { employee_id, salary };
    },
  }),
  define({
    name: 'send_email',
    description: 'Send an email from the HR address.',
    input: z.object({ to: z.string().min(3), subject: z.string(), body: z.string().min(1) }),
    execute: (state, { to, subject, body }) => {
      state.emails.push({ to, subject, body });
      return { sent: to };
    },
  }),
];

/** The HR suite's tools, bound to one state. */
export default function createToolkit(state: SuiteState): Tool[] {
  return bindTools(tools, hrState(state));
}
