import { describeSuiteConformance } from '../../suite-conformance.case.js';

describeSuiteConformance('workspace');
