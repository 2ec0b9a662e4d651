import { afterAll, describe, expect, it } from 'vitest';
import { createQuickJsSandbox } from '../sandbox/quickjs/quickjs-sandbox.js';
import { testProgram } from './action-tools.js';
import { checkSingleDeclaration, isSingleDeclaration } from './declaration-check.js';

describe('isSingleDeclaration', () => {
  it.each([
    'function f(a) { return a; }',
    'async function f(items) { return items.length; }',
    'function* f() { yield 1; }',
    '/** Docs. */\n// more\nasync function f() {}\n',
    'const f = async (x) => { return x; };',
    'const f = (x) => x + 1',
    'const f = function named() {}',
  ])('accepts %j', async (code) => {
    expect(await isSingleDeclaration('f', code)).toBe(true);
  });

  it.each([
    "async function f() { return 0; }\nreturn 'hijacked';",
    'function f() {}\nf();',
    'function f() {}, evil()',
    'function f() {}\nfunction g() {}',
    'function f() {} /{/; return 1; /}/',
    'const f = (x) => x\nreturn 2',
    'const f = 42;',
    'const f = (() => { for (;;); })();',
    'let f = () => 1;',
    'function g() {}',
    'return 1; function f() {}',
  ])('refuses %j', async (code) => {
    expect(await isSingleDeclaration('f', code)).toBe(false);
  });

  it('refuses names every code action uses, with ACTION_INVALID', async () => {
    await expect(checkSingleDeclaration('console', 'function console() {}')).rejects.toMatchObject({
      code: 'ACTION_INVALID',
    });
    await expect(checkSingleDeclaration('f', 'function f() {}\nreturn 1;')).rejects.toMatchObject({
      code: 'ACTION_INVALID',
    });
  });
});

describe('testProgram', () => {
  const sandbox = createQuickJsSandbox({ poolSize: 0 });
  afterAll(() => sandbox.close());

  it("lets no top-level return of the code decide the test's result", async () => {
    const early = await sandbox.execute(
      testProgram('answer', 'function answer() { return 41; }\nreturn true;', 'false'),
    );
    expect(early.value).toBeUndefined();
    expect(early.error?.message).toContain('did not define the function answer');
    const plain = 'function answer() { return 41; }';
    expect((await sandbox.execute(testProgram('answer', plain, 'false'))).value).toBe(false);
    expect((await sandbox.execute(testProgram('answer', plain, 'answer() === 41'))).value).toBe(true);
  });
});
