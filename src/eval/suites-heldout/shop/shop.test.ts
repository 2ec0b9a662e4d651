import { fileURLToPath } from 'node:url';
import { describeSuiteConformance } from '../../suite-conformance.case.js';

describeSuiteConformance(fileURLToPath(new URL('.', import.meta.url)));
