import { z } from 'zod';

/** A channel name, with or without the leading `#`. */
export const channelInput = z
  .string()
  .trim()
  .min(1, 'must name a channel, e.g. "general"')
  .describe('The channel name, e.g. "general".');

/** A user handle, with or without the leading `@`. */
export const handleInput = z
  .string()
  .trim()
  .min(1, 'must be a user handle, e.g. "priya.raman"')
  .describe('The user handle, e.g. "priya.raman".');

/** A message text. */
export const bodyInput = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40_000, 'must be at most 40,000 characters (the Slack limit)');

/** A web address; the scheme may be left out. */
export const urlInput = z.string().trim().min(1, 'must be a web address, e.g. https://www.example.com/page');
