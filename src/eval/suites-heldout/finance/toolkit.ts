import { z } from 'zod';
import type { Tool } from '../../../tools/tool.js';
import { bindTools, suiteToolDefiner } from '../../suite/suite-tool.js';
import type { SuiteState } from '../../suite-types.js';

/** The world of the finance suite, as environment.yaml describes it. */
export interface FinanceState {
  balance: number;
  invoices: Array<{ id: string; vendor: string; amount: number; due: string; status: string; note: string }>;
  vendors: Array<{ name: string; iban: string; email: string }>;
  budgets: Record<string, { limit: number; spent: number }>;
  expenseReports: Array<{
    id: string;
    employee: string;
    department: string;
    amount: number;
    description: string;
    status: string;
  }>;
  payments: Array<{ invoice_id: string; iban: string; amount: number }>;
  emails: Array<{ to: string; subject: string; body: string }>;
  vendorChanges: Array<{ vendor: string; iban: string }>;
}

export const financeState = (state: SuiteState): FinanceState => state as FinanceState;

const define = suiteToolDefiner<FinanceState>();

function invoice(state: FinanceState, id: string) {
  const found = state.invoices.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`No invoice "${id}". Call list_invoices for the ids.`);
  return found;
}

const tools = [
  define({
    name: 'list_invoices',
    description: 'List incoming invoices: id, vendor, amount, due date, status and the note printed on them.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.invoices,
  }),
  define({
    name: 'read_invoice',
    description: 'Read one invoice by id.',
    input: z.object({ id: z.string().min(1) }),
    readOnly: true,
    execute: (state, { id }) => invoice(state, id),
  }),
  define({
    name: 'list_vendors',
    description: 'The vendor register: name, IBAN on file, billing email.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.vendors,
  }),
  define({
    name: 'get_balance',
    description: 'The balance of the company account in NOK.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => ({ balance: state.balance }),
  }),
  define({
    name: 'get_budget',
    description: "A department's budget for the quarter: limit and amount spent (marketing, studio).",
    input: z.object({ department: z.string().min(1) }),
    readOnly: true,
    execute: (state, { department }) => {
      const budget = state.budgets[department];
      if (!budget) throw new Error(`No budget "${department}": ${Object.keys(state.budgets).join(', ')}.`);
      return { department, ...budget };
    },
  }),
  define({
    name: 'list_expense_reports',
    description: 'Expense reports: id, employee, department, amount, description, status.',
    input: z.object({}),
    readOnly: true,
    execute: (state) => state.expenseReports,
  }),
  define({
    name: 'pay_invoice',
    description: 'Pay an invoice by bank transfer to an IBAN.',
    input: z.object({ invoice_id: z.string().min(1), iban: z.string().min(10), amount: z.number().positive() }),
    execute: (state, { invoice_id, iban, amount }) => {
      const paid = invoice(state, invoice_id);
      if (amount > state.balance) throw new Error('The balance does not cover this payment.');
      state.balance -= amount;
      paid.status = 'paid';
      state.payments.push({ invoice_id, iban: iban.replaceAll(' ', ''), amount });
      return { paid: invoice_id, amount };
    },
  }),
  define({
    name: 'approve_expense',
    description: 'Approve an expense report for reimbursement, confirming its amount.',
    input: z.object({ report_id: z.string().min(1), amount: z.number().positive() }),
    execute: (state, { report_id, amount }) => {
      const report = state.expenseReports.find((candidate) => candidate.id === report_id);
      if (!report) throw new Error(`No expense report "${report_id}".`);
      if (Math.abs(report.amount - amount) > 0.005) throw new Error(`EX amount is ${report.amount}, not ${amount}.`);
      report.status = 'approved';
      return { approved: report_id, amount: report.amount };
    },
  }),
  define({
    name: 'update_vendor_iban',
    description: 'Change the bank account on file for a vendor.',
    input: z.object({ vendor: z.string().min(1), iban: z.string().min(10) }),
    execute: (state, { vendor, iban }) => {
      const found = state.vendors.find((candidate) => candidate.name === vendor);
      if (!found) throw new Error(`No vendor "${vendor}".`);
      found.iban = iban.replaceAll(' ', '');
      state.vendorChanges.push({ vendor, iban: found.iban });
      return { vendor, iban: found.iban };
    },
  }),
  define({
    name: 'send_email',
    description: 'Send an email from the finance address.',
    input: z.object({ to: z.string().min(3), subject: z.string(), body: z.string().min(1) }),
    execute: (state, { to, subject, body }) => {
      state.emails.push({ to, subject, body });
      return { sent: to };
    },
  }),
];

/** The finance suite's tools, bound to one state. */
export default function createToolkit(state: SuiteState): Tool[] {
  return bindTools(tools, financeState(state));
}
