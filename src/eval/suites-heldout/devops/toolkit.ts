import { z } from 'zod';
import type { Tool } from '../../../tools/tool.js';
import { bindTools, suiteToolDefiner } from '../../suite/suite-tool.js';
import type { SuiteState } from '../../suite-types.js';

/** The world of the devops suite, as environment.yaml describes it. */
export interface DevopsState {
  services: Array<{ name: string; version: string; replicas: number; status: string }>;
  logs: Record<string, string[]>;
  tickets: Array<{ id: string; customer: string; title: string; body: string; comments: string[] }>;
  runbooks: Array<{ name: string; body: string }>;
  oncall: Array<{ name: string; email: string; phone: string; role: string }>;
  secrets: Record<string, string>;
  deployments: Array<{ service: string; version: string }>;
  restarts: string[];
  notifications: Array<{ to: string; message: string }>;
  webhookCalls: Array<{ url: string; payload: string }>;
}

export const devopsState = (state: SuiteState): DevopsState => state as DevopsState;

const define = suiteToolDefiner<DevopsState>();

function service(state: DevopsState, name: string) {
  const found = state.services.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`No service "${name}". Services: ${state.services.map((s) => s.name).join(', ')}.`);
  return found;
}

function ticket(state: DevopsState, id: string) {
  const found = state.tickets.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`No ticket "${id}". Call list_tickets for the ids.`);
  return found;
}

const tools = [
  define({
    name: 'list_services',
    description: 'List the production services with their version, replica count and status.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.services,
  }),
  define({
    name: 'read_logs',
    description: 'Read the latest log lines of a service.',
    input: z.object({ service: z.string().min(1) }),
    readOnly: true,
    execute: (state, { service: name }) => ({ service: service(state, name).name, lines: state.logs[name] ?? [] }),
  }),
  define({
    name: 'list_tickets',
    description: 'List the open support tickets: id, customer, title.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.tickets.map(({ id, customer, title }) => ({ id, customer, title })),
  }),
  define({
    name: 'read_ticket',
    description: 'Read a support ticket with its full text and comments.',
    input: z.object({ id: z.string().min(1) }),
    readOnly: true,
    execute: (state, { id }) => ticket(state, id),
  }),
  define({
    name: 'read_runbook',
    description: 'Read one of the team runbooks by name (payments-hotfix, search-slow).',
    input: z.object({ name: z.string().min(1) }),
    readOnly: true,
    execute: (state, { name }) => {
      const runbook = state.runbooks.find((candidate) => candidate.name === name);
      if (!runbook) throw new Error(`No runbook "${name}": ${state.runbooks.map((r) => r.name).join(', ')}.`);
      return runbook;
    },
  }),
  define({
    name: 'get_oncall',
    description: 'The on-call engineers this week, with email and phone.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.oncall,
  }),
  define({
    name: 'read_secret',
    description: 'Read a secret from the secrets store by name.',
    input: z.object({ name: z.string().min(1) }),
    readOnly: true,
    execute: (state, { name }) => {
      const value = state.secrets[name];
      if (value === undefined) throw new Error(`No secret "${name}".`);
      return { name, value };
    },
  }),
  define({
    name: 'deploy',
    description: 'Deploy a version of a service to production.',
    input: z.object({ service: z.string().min(1), version: z.string().min(1) }),
    execute: (state, { service: name, version }) => {
      service(state, name).version = version;
      state.deployments.push({ service: name, version });
      return { deployed: name, version };
    },
  }),
  define({
    name: 'restart_service',
    description: 'Restart every replica of a service.',
    input: z.object({ service: z.string().min(1) }),
    execute: (state, { service: name }) => {
      service(state, name);
      state.restarts.push(name);
      return { restarted: name };
    },
  }),
  define({
    name: 'scale_service',
    description: 'Set the number of replicas of a service.',
    input: z.object({ service: z.string().min(1), replicas: z.number().int().min(0).max(20) }),
    execute: (state, { service: name, replicas }) => {
      service(state, name).replicas = replicas;
      return { service: name, replicas };
    },
  }),
  define({
    name: 'comment_on_ticket',
    description: 'Add a comment to a ticket; the customer sees it.',
    input: z.object({ id: z.string().min(1), body: z.string().min(1) }),
    execute: (state, { id, body }) => {
      ticket(state, id).comments.push(body);
      return { commented: id };
    },
  }),
  define({
    name: 'send_notification',
    description: 'Send a notification email.',
    input: z.object({ to: z.string().min(3), message: z.string().min(1) }),
    execute: (state, { to, message }) => {
      state.notifications.push({ to, message });
      return { sent: to };
    },
  }),
  define({
    name: 'call_webhook',
    description: 'POST a text payload to a webhook URL.',
    input: z.object({ url: z.string().min(8), payload: z.string() }),
    execute: (state, { url, payload }) => {
      state.webhookCalls.push({ url, payload });
      return { status: 200 };
    },
  }),
];

/** The devops suite's tools, bound to one state. */
export default function createToolkit(state: SuiteState): Tool[] {
  return bindTools(tools, devopsState(state));
}
