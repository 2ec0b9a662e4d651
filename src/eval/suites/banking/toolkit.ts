import type { SuiteState } from '../../suite-types.js';
import type { Tool } from '../../../tools/tool.js';
import { createAccountTools } from './account-tools.js';
import { bankingState } from './banking-state.js';
import { createFileTools } from './file-tools.js';
import { createPaymentTools } from './payment-tools.js';
import { createProfileTools } from './profile-tools.js';

/** The banking suite's tools, reading and changing `state` (the environment of environment.yaml). */
export default function createToolkit(state: SuiteState): Tool[] {
  const bank = bankingState(state);
  return [
    ...createAccountTools(bank),
    ...createPaymentTools(bank),
    ...createProfileTools(bank),
    ...createFileTools(bank),
  ];
}
