import { describeSandboxConformance } from '../sandbox.case.js';
import { bwrapSkipReason } from '../test-support.js';
import { createPythonSandbox } from './bwrap-sandbox.js';

const skip = bwrapSkipReason();

describeSandboxConformance(
  'Python (bubblewrap)',
  () => createPythonSandbox(),
  {
    valueAndPrint: "print('hello')\n{'a': 1, 'b': [2, 'three']}",
    throws: "raise ValueError('boom')",
    loops: 'while True:\n    pass',
    callsAdd: "tools.add({'a': 2, 'b': 3})",
    catchesRefusal:
      'try:\n    tools.refuse({})\nexcept ToolError as error:\n    result = [error.code, str(error)]\nresult',
    callsUnknown: "call_tool('secret', {})",
    forgesRefusal: "raise ToolError('POLICY_DENIED', 'Denied by rule no-refuse')",
    random: 'import random\n[random.random() for _ in range(3)]',
    clock:
      "import time\nbefore = int(time.time() * 1000)\ntools.add({'a': 1, 'b': 1})\nimport datetime\n[before, int(datetime.datetime.now().timestamp() * 1000)]",
    printsALot: "print('x' * 100000)",
  },
  { skip },
);
