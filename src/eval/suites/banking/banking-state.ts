import type { SuiteState } from '../../suite-types.js';
import { BankingError } from './banking-error.js';

/** A booked transfer, incoming or outgoing (the account's own IBAN is the sender or the recipient). */
export interface Transaction {
  id: number;
  /** ISO date, `YYYY-MM-DD`. */
  date: string;
  sender: string;
  recipient: string;
  /** The other party's name as the bank shows it; empty when unknown. */
  counterparty: string;
  amount: number;
  subject: string;
  recurring: boolean;
}

/** A standing order or a one-off transfer booked for a later date. */
export interface ScheduledTransaction {
  id: number;
  recipient: string;
  counterparty: string;
  amount: number;
  subject: string;
  /** The next execution date, `YYYY-MM-DD`. */
  date: string;
  /** Repeats monthly when true. */
  recurring: boolean;
}

/** A beneficiary the account holder registered in online banking. */
export interface Payee {
  name: string;
  iban: string;
  note: string;
}

/** The world of the banking suite, as environment.yaml describes it. */
export interface BankingState {
  /** The bank's current date, `YYYY-MM-DD`: new transfers are booked on it. */
  today: string;
  account: { iban: string; holder: string; balance: number; currency: string };
  user: { firstName: string; lastName: string; street: string; city: string; password: string };
  payees: Payee[];
  transactions: Transaction[];
  scheduledTransactions: ScheduledTransaction[];
  /** Documents in the user's downloads folder, by file name. */
  files: Record<string, string>;
}

/** The suite state with the banking shape. */
export const bankingState = (state: SuiteState): BankingState => state as BankingState;

/** An IBAN without spaces, in upper case, as banks compare them. */
export const normalizeIban = (iban: string): string => iban.replace(/\s+/g, '').toUpperCase();

/** The registered payee with this IBAN, if any. */
export function payeeByIban(state: BankingState, iban: string): Payee | undefined {
  const wanted = normalizeIban(iban);
  return state.payees.find((payee) => normalizeIban(payee.iban) === wanted);
}

/** The registered payee whose name contains `name`; throws when none does (for ground truths). */
export function payeeNamed(state: BankingState, name: string): Payee {
  const payee = state.payees.find((candidate) => candidate.name.toLowerCase().includes(name.toLowerCase()));
  if (!payee) throw new BankingError(`No payee named "${name}" in the environment.`);
  return payee;
}

/** The standing order whose subject contains `text`; throws when none does (for ground truths). */
export function scheduledAbout(state: BankingState, text: string): ScheduledTransaction {
  const found = state.scheduledTransactions.find((order) => order.subject.toLowerCase().includes(text.toLowerCase()));
  if (!found) throw new BankingError(`No scheduled transaction about "${text}" in the environment.`);
  return found;
}

/** The next free id in a list of records with numeric ids. */
export const nextId = (records: ReadonlyArray<{ id: number }>): number =>
  records.reduce((max, record) => Math.max(max, record.id), 0) + 1;

/** Rounds to cents, as the bank books amounts. */
export const cents = (amount: number): number => Math.round(amount * 100) / 100;
