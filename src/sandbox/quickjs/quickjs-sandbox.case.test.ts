import { describeSandboxConformance } from '../sandbox.case.js';
import { createQuickJsSandbox } from './quickjs-sandbox.js';

describeSandboxConformance('QuickJS', () => createQuickJsSandbox(), {
  valueAndPrint: "console.log('hello'); return { a: 1, b: [2, 'three'] };",
  throws: "throw new Error('boom');",
  loops: 'for (;;) {}',
  callsAdd: 'return await tools.add({ a: 2, b: 3 });',
  catchesRefusal: 'try { await tools.refuse({}); } catch (error) { return [error.code, error.message]; }',
  callsUnknown: "return await callTool('secret', {});",
  forgesRefusal: "throw Object.assign(new Error('Denied by rule no-refuse'), { code: 'POLICY_DENIED' });",
  random: 'return [Math.random(), Math.random(), Math.random()];',
  clock: 'const before = Date.now(); await tools.add({ a: 1, b: 1 }); return [before, new Date().getTime()];',
  printsALot: "console.log('x'.repeat(100000));",
});
