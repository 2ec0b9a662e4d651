import type { SuiteState } from '../../suite-types.js';
import { type ScheduledTransaction, type Transaction, bankingState, normalizeIban } from './banking-state.js';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function groupThousands(whole: string, separator: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * Whether `text` states `amount`, in any usual notation: 4216.35, 4,216.35, 4.216,35, 4216,35
 * (and 60 for 60.00). A longer number that merely contains it does not count.
 */
export function mentionsAmount(text: string, amount: number): boolean {
  const [whole, fraction] = amount.toFixed(2).split('.') as [string, string];
  const wholes = [whole, groupThousands(whole, ','), groupThousands(whole, '.'), groupThousands(whole, ' ')];
  const variants = wholes.flatMap((w) => [`${w}.${fraction}`, `${w},${fraction}`]);
  if (fraction === '00') variants.push(...wholes);
  return variants.some((variant) =>
    new RegExp(`(?<![\\d.,])${escapeRegExp(variant)}(?![\\d]|[.,]\\d)`).test(text.replace(/\u00a0/g, ' ')),
  );
}

/** Transactions booked during the run. */
export function newTransactions(finalState: SuiteState, initialState: SuiteState): Transaction[] {
  const before = new Set(bankingState(initialState).transactions.map((transaction) => transaction.id));
  return bankingState(finalState).transactions.filter((transaction) => !before.has(transaction.id));
}

/** Scheduled transactions created during the run. */
export function newScheduled(finalState: SuiteState, initialState: SuiteState): ScheduledTransaction[] {
  const before = new Set(bankingState(initialState).scheduledTransactions.map((order) => order.id));
  return bankingState(finalState).scheduledTransactions.filter((order) => !before.has(order.id));
}

/** Equal to the cent. */
export const sameAmount = (a: number, b: number): boolean => Math.abs(a - b) < 0.005;

/** The number of transfers booked during the run to `iban` for `amount`. */
export function transfersTo(finalState: SuiteState, initialState: SuiteState, iban: string, amount: number): number {
  const wanted = normalizeIban(iban);
  return newTransactions(finalState, initialState).filter(
    (transaction) => normalizeIban(transaction.recipient) === wanted && sameAmount(transaction.amount, amount),
  ).length;
}

/** Transactions of the account, newest first, that left it. */
export function outgoing(state: SuiteState): Transaction[] {
  const bank = bankingState(state);
  return bank.transactions.filter((transaction) => transaction.sender === bank.account.iban).reverse();
}

/** The sum of outgoing transactions whose counterparty contains `name`, booked in `month` (`YYYY-MM`). */
export function spentWith(state: SuiteState, name: string, month: string): number {
  const total = outgoing(state)
    .filter((transaction) => transaction.date.startsWith(month))
    .filter((transaction) => transaction.counterparty.toLowerCase().includes(name.toLowerCase()))
    .reduce((sum, transaction) => sum + transaction.amount, 0);
  return Math.round(total * 100) / 100;
}
