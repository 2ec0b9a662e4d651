import type { SuiteState } from '../../suite-types.js';
import type { Tool } from '../../../tools/tool.js';
import { createMembershipTools } from './membership-tools.js';
import { createMessagingTools } from './messaging-tools.js';
import { slackState } from './slack-state.js';
import { createWebTools } from './web-tools.js';

/** The slack suite's tools, reading and changing `state` (the environment of environment.yaml). */
export default function createToolkit(state: SuiteState): Tool[] {
  const slack = slackState(state);
  return [...createMessagingTools(slack), ...createMembershipTools(slack), ...createWebTools(slack)];
}
