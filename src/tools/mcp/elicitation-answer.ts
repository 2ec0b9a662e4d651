import type { ElicitRequestParams, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { formatIssues } from '../../core/errors/tool-errors.js';
import { WardenError } from '../../core/errors/warden-error.js';
import type { JsonSchema } from '../../core/json.js';
import { compileJsonSchema } from '../json-schema-validator.js';

/** An answer to an elicitation: what a person (or a callback) says. */
export interface ElicitationAnswer {
  action: 'accept' | 'decline' | 'cancel';
  /** Form mode, `accept`: the fields asked for. Omitted fields get the schema's defaults. */
  content?: Record<string, unknown>;
}

const actions = new Set(['accept', 'decline', 'cancel']);

/**
 * Checks an answer against the question: a known action; in form mode an accepted answer's content, with the
 * schema's defaults applied, must satisfy `requestedSchema`; URL mode and decline/cancel carry no content.
 * Returns the answer as it goes to the server, or throws `ELICITATION_ANSWER_INVALID` saying what is wrong.
 */
export function checkElicitationAnswer(
  question: Pick<ElicitRequestParams, 'message'> & { mode?: string; requestedSchema?: unknown },
  answer: unknown,
): ElicitResult & ElicitationAnswer {
  const given = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  const action = given.action;
  if (typeof action !== 'string' || !actions.has(action)) {
    throw invalid(`the action must be "accept", "decline" or "cancel", not ${JSON.stringify(action)}`);
  }
  if (action !== 'accept') return { action: action as 'decline' | 'cancel' };
  if (question.mode === 'url' || question.requestedSchema === undefined) return { action: 'accept' };
  const content = given.content ?? {};
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw invalid('an accepted answer needs `content`, an object with the fields asked for');
  }
  const schema = question.requestedSchema as JsonSchema & { properties?: Record<string, { default?: unknown }> };
  const filled: Record<string, unknown> = { ...(content as Record<string, unknown>) };
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    if (filled[field] === undefined && property?.default !== undefined) filled[field] = property.default;
  }
  let issues: ReturnType<ReturnType<typeof compileJsonSchema>>;
  try {
    issues = compileJsonSchema(schema)(filled);
  } catch (error) {
    throw invalid(`the server's schema cannot be checked (${error instanceof Error ? error.message : String(error)})`);
  }
  if (issues.length > 0) throw invalid(`the content does not match the requested schema: ${formatIssues(issues)}`);
  return { action: 'accept', content: filled as ElicitResult['content'] & Record<string, unknown> };
}

function invalid(what: string): WardenError {
  return new WardenError({
    code: 'ELICITATION_ANSWER_INVALID',
    fault: 'user',
    message: `The elicitation answer is not accepted: ${what}. Answer again (accept with the fields the question asks for, or decline/cancel).`,
    data: { reason: what },
  });
}
