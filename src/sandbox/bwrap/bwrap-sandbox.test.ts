import { afterAll, describe, expect, it } from 'vitest';
import { bwrapSkipReason } from '../test-support.js';
import { createPythonSandbox, createShellSandbox } from './bwrap-sandbox.js';
import { findBwrap } from './find-bwrap.js';

describe('bubblewrap sandbox without bubblewrap', () => {
  it('rejects with SANDBOX_UNAVAILABLE and says how to install it', async () => {
    const missing = createPythonSandbox({ bwrapPath: '' });
    await expect(missing.execute('1')).rejects.toMatchObject({
      code: 'SANDBOX_UNAVAILABLE',
      message: expect.stringContaining('apt-get install -y bubblewrap'),
    });
  });

  it('finds bwrap only where an executable is', () => {
    expect(findBwrap('/nonexistent')).toBe(findBwrap(''));
  });
});

const skip = bwrapSkipReason();

describe.skipIf(Boolean(skip))(`bubblewrap sandbox${skip ? ` (${skip})` : ''}`, () => {
  const python = createPythonSandbox();
  const shell = createShellSandbox();
  afterAll(async () => {
    await python.close();
    await shell.close();
  });

  it('runs Python as an unprivileged user with an empty /tmp as its working directory', async () => {
    const result = await python.execute("import os\n[os.getuid(), os.getcwd(), os.listdir('/tmp')]");
    expect(result.value).toEqual([65534, '/tmp', []]);
  });

  it('returns None as null and no trailing expression as undefined', async () => {
    expect((await python.execute('None')).value).toBeNull();
    expect((await python.execute('x = 1')).value).toBeUndefined();
  });

  it('reports a non-zero shell exit with its code and the end of stderr', async () => {
    const result = await shell.execute('echo nope >&2; exit 7');
    expect(result.error?.code).toBe('SANDBOX_GUEST_ERROR');
    expect(result.error?.message).toContain('code 7');
    expect(result.error?.message).toContain('nope');
    expect(result.logs).toBe('nope\n');
  });

  it('reports a Python traceback trimmed to the action', async () => {
    const result = await python.execute('def f():\n    return 1 / 0\nf()');
    expect(result.error?.data.guestName).toBe('ZeroDivisionError');
    expect(result.error?.data.guestStack).toContain('line 2, in f');
    expect(result.error?.data.guestStack).not.toContain('warden');
  });

  it('stops a CPU-bound Python loop at its CPU limit even with a long deadline', async () => {
    const result = await python.execute('while True:\n    pass', { limits: { timeoutMs: 20_000, cpuSeconds: 1 } });
    expect(result.error?.code).toBe('SANDBOX_TIMEOUT');
  });
});
