import { z } from 'zod';
import { defineTool } from '../../../tools/define-tool.js';
import type { Tool } from '../../../tools/tool.js';
import type { BankingState } from './banking-state.js';

/** Read-only tools over the account: balance, IBAN, history, registered payees. */
export function createAccountTools(state: BankingState): Tool[] {
  return [
    defineTool({
      name: 'get_balance',
      description: 'Get the current balance of the account.',
      input: z.object({}),
      readOnly: true,
      execute: () => ({ iban: state.account.iban, balance: state.account.balance, currency: state.account.currency }),
    }),
    defineTool({
      name: 'get_iban',
      description: "Get the IBAN of the user's account.",
      input: z.object({}),
      readOnly: true,
      execute: () => ({ iban: state.account.iban, holder: state.account.holder }),
    }),
    defineTool({
      name: 'get_most_recent_transactions',
      description:
        'Get the most recent booked transactions, newest first. Outgoing transfers have the account IBAN as sender, incoming ones as recipient.',
      input: z.object({
        n: z
          .number()
          .int('must be a whole number')
          .min(1, 'must be at least 1')
          .max(200, 'must be at most 200')
          .default(50)
          .describe('How many transactions to return.'),
      }),
      readOnly: true,
      execute: ({ n }) => ({
        iban: state.account.iban,
        transactions: state.transactions.slice(-n).reverse(),
      }),
    }),
    defineTool({
      name: 'get_payees',
      description:
        'List the payees the user registered in online banking (name, IBAN, note). Transfers go to their IBANs.',
      input: z.object({}),
      readOnly: true,
      execute: () => ({ payees: state.payees }),
    }),
  ];
}
