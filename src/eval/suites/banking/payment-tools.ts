import { z } from 'zod';
import { defineTool } from '../../../tools/define-tool.js';
import type { Tool } from '../../../tools/tool.js';
import { BankingError } from './banking-error.js';
import { amountInput, dateInput, ibanInput, subjectInput } from './banking-schemas.js';
import {
  type BankingState,
  type ScheduledTransaction,
  type Transaction,
  cents,
  nextId,
  normalizeIban,
  payeeByIban,
} from './banking-state.js';

/** Tools that move money: transfers, standing orders and one-off scheduled transfers. */
export function createPaymentTools(state: BankingState): Tool[] {
  const counterpartyOf = (iban: string): string => payeeByIban(state, iban)?.name ?? '';
  const checkRecipient = (iban: string): string => {
    const normalized = normalizeIban(iban);
    if (normalized === normalizeIban(state.account.iban)) {
      throw new BankingError('The recipient is this account itself; give the IBAN of another account.');
    }
    return normalized;
  };

  return [
    defineTool({
      name: 'send_money',
      description: 'Transfer money from the account now. Booked on the given date, today by default.',
      input: z.object({
        recipient: ibanInput.describe("The recipient's IBAN."),
        amount: amountInput.describe('Amount in EUR.'),
        subject: subjectInput.describe('The transfer subject (reference) the recipient sees.'),
        date: dateInput.optional().describe('Booking date, YYYY-MM-DD. Defaults to today.'),
      }),
      execute: ({ recipient, amount, subject, date }) => {
        const iban = checkRecipient(recipient);
        const value = cents(amount);
        if (value > state.account.balance) {
          throw new BankingError(
            `Insufficient funds: the balance is ${state.account.balance.toFixed(2)} EUR, the transfer ${value.toFixed(2)} EUR.`,
          );
        }
        const transaction: Transaction = {
          id: nextId(state.transactions),
          date: date ?? state.today,
          sender: state.account.iban,
          recipient: iban,
          counterparty: counterpartyOf(iban),
          amount: value,
          subject,
          recurring: false,
        };
        state.transactions.push(transaction);
        state.account.balance = cents(state.account.balance - value);
        return { message: `Sent ${value.toFixed(2)} EUR to ${iban}.`, transaction, balance: state.account.balance };
      },
    }),
    defineTool({
      name: 'get_scheduled_transactions',
      description: 'List standing orders and transfers scheduled for a later date.',
      input: z.object({}),
      readOnly: true,
      execute: () => ({ scheduledTransactions: state.scheduledTransactions }),
    }),
    defineTool({
      name: 'schedule_transaction',
      description: 'Schedule a transfer for a later date; with recurring true it becomes a monthly standing order.',
      input: z.object({
        recipient: ibanInput.describe("The recipient's IBAN."),
        amount: amountInput.describe('Amount in EUR.'),
        subject: subjectInput.describe('The transfer subject (reference).'),
        date: dateInput.describe('First execution date, YYYY-MM-DD.'),
        recurring: z.boolean().default(false).describe('Repeat monthly.'),
      }),
      execute: ({ recipient, amount, subject, date, recurring }) => {
        const iban = checkRecipient(recipient);
        if (date < state.today) throw new BankingError(`The date ${date} is in the past; today is ${state.today}.`);
        const scheduled: ScheduledTransaction = {
          id: nextId(state.scheduledTransactions),
          recipient: iban,
          counterparty: counterpartyOf(iban),
          amount: cents(amount),
          subject,
          date,
          recurring,
        };
        state.scheduledTransactions.push(scheduled);
        return { message: `Scheduled transaction ${scheduled.id} created.`, scheduledTransaction: scheduled };
      },
    }),
    defineTool({
      name: 'update_scheduled_transaction',
      description: 'Change a standing order or scheduled transfer by its id. Only the fields given change.',
      input: z
        .object({
          id: z.number().int('must be a whole number').describe('The id from get_scheduled_transactions.'),
          recipient: ibanInput.optional().describe("The new recipient's IBAN."),
          amount: amountInput.optional().describe('The new amount in EUR.'),
          subject: subjectInput.optional(),
          date: dateInput.optional().describe('The next execution date, YYYY-MM-DD.'),
          recurring: z.boolean().optional(),
        })
        .refine(
          ({ id: _id, ...changes }) => Object.values(changes).some((value) => value !== undefined),
          'give at least one field to change: recipient, amount, subject, date or recurring',
        ),
      execute: ({ id, recipient, amount, subject, date, recurring }) => {
        const scheduled = state.scheduledTransactions.find((order) => order.id === id);
        if (!scheduled) {
          const ids = state.scheduledTransactions.map((order) => order.id).join(', ') || '(none)';
          throw new BankingError(
            `There is no scheduled transaction with id ${id}. Existing ids: ${ids}; list them with get_scheduled_transactions.`,
          );
        }
        if (date !== undefined && date < state.today) {
          throw new BankingError(`The date ${date} is in the past; today is ${state.today}.`);
        }
        if (recipient !== undefined) {
          scheduled.recipient = checkRecipient(recipient);
          scheduled.counterparty = counterpartyOf(scheduled.recipient);
        }
        if (amount !== undefined) scheduled.amount = cents(amount);
        if (subject !== undefined) scheduled.subject = subject;
        if (date !== undefined) scheduled.date = date;
        if (recurring !== undefined) scheduled.recurring = recurring;
        return { message: `Scheduled transaction ${id} updated.`, scheduledTransaction: scheduled };
      },
    }),
  ];
}
