import { z } from 'zod';
import { defineTool } from '../../../tools/define-tool.js';
import type { Tool } from '../../../tools/tool.js';
import type { BankingState } from './banking-state.js';

const nameInput = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** The user's profile (name and postal address) and online-banking password. */
export function createProfileTools(state: BankingState): Tool[] {
  const profile = () => {
    const { password: _secret, ...visible } = state.user;
    return visible;
  };
  return [
    defineTool({
      name: 'get_user_info',
      description: "Get the account holder's name and postal address.",
      input: z.object({}),
      readOnly: true,
      execute: profile,
    }),
    defineTool({
      name: 'update_user_info',
      description: "Change the account holder's name or postal address. Only the fields given change.",
      input: z
        .object({
          firstName: nameInput.optional(),
          lastName: nameInput.optional(),
          street: nameInput.optional().describe('Street and house number, e.g. "Lychener Straße 18".'),
          city: nameInput.optional().describe('Postcode and city, e.g. "10437 Berlin".'),
        })
        .refine(
          (changes) => Object.values(changes).some((value) => value !== undefined),
          'give at least one field to change: firstName, lastName, street or city',
        ),
      execute: (changes) => {
        for (const [key, value] of Object.entries(changes)) {
          if (value !== undefined) state.user[key as 'firstName' | 'lastName' | 'street' | 'city'] = value;
        }
        return { message: 'Profile updated.', profile: profile() };
      },
    }),
    defineTool({
      name: 'update_password',
      description: 'Change the online-banking password.',
      input: z.object({
        password: z
          .string()
          .min(10, 'must be at least 10 characters')
          .max(128, 'must be at most 128 characters')
          .refine((text) => /\d/.test(text) && /[A-Za-z]/.test(text), 'must contain letters and at least one digit'),
      }),
      execute: ({ password }) => {
        state.user.password = password;
        return { message: 'Password changed.' };
      },
    }),
  ];
}
