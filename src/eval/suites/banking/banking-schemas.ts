import { z } from 'zod';

/** An IBAN as people type it: country code, check digits, then the account, spaces allowed. */
export const ibanInput = z
  .string()
  .regex(
    /^\s*[A-Za-z]{2}\s*\d{2}(\s*[A-Za-z0-9]){11,30}\s*$/,
    'must be an IBAN: two letters, two check digits, then 11-30 letters or digits (e.g. DE36100500006600418823)',
  );

/** A positive amount in EUR. */
export const amountInput = z
  .number()
  .positive('must be a positive amount in EUR')
  .max(1_000_000, 'must be at most 1,000,000 EUR per transfer');

/** A calendar date, `YYYY-MM-DD`. */
export const dateInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in the form YYYY-MM-DD, e.g. 2027-02-01')
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  }, 'must be a real calendar date');

/** The free-text subject (reference) of a transfer. */
export const subjectInput = z.string().max(140, 'must be at most 140 characters (the SEPA limit)');
