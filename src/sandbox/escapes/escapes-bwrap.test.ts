import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPythonSandbox, createShellSandbox } from '../bwrap/bwrap-sandbox.js';
import { processesOfUid } from '../bwrap/sandbox-uid.js';
import type { SandboxExecuteOptions, SandboxResult, SandboxToolBridge } from '../sandbox.js';
import { bwrapSkipReason } from '../test-support.js';
import { type HostWatch, watchHost } from './host-watch.js';

const skip = bwrapSkipReason();

describe.skipIf(Boolean(skip))(`escape suite: Python and shell (bubblewrap)${skip ? ` (${skip})` : ''}`, () => {
  let host: HostWatch;
  const spawned: Array<{ pid: number; uid: number | undefined }> = [];
  const onSpawn = (pid: number, uid: number | undefined) => spawned.push({ pid, uid });
  const python = createPythonSandbox({ onSpawn });
  const shell = createShellSandbox({ onSpawn });
  const limits = { timeoutMs: 4000, memoryBytes: 256 << 20 };
  const py = async (code: string, options: SandboxExecuteOptions = {}): Promise<SandboxResult> => {
    const result = await python.execute(code, { limits, ...options });
    host.assertUntouched(result);
    assertTreeGone();
    return result;
  };
  const sh = async (code: string, options: SandboxExecuteOptions = {}): Promise<SandboxResult> => {
    const result = await shell.execute(code, { limits, ...options });
    host.assertUntouched(result);
    assertTreeGone();
    return result;
  };
  /** The bwrap process and (as root) every process of the sandbox's own uid are gone once execute resolves. */
  const assertTreeGone = () => {
    const last = spawned.at(-1)!;
    expect(() => process.kill(last.pid, 0)).toThrow();
    if (last.uid !== undefined) expect(processesOfUid(last.uid)).toEqual([]);
  };
  beforeAll(async () => {
    host = await watchHost();
  });
  afterAll(async () => {
    await python.close();
    await shell.close();
    await host.close();
  });

  it('escape: the host environment and its canary secret (os.environ, /proc/1/environ, /proc/self/environ)', async () => {
    const result = await py(`
import os
found = []
for path in ['/proc/1/environ', '/proc/self/environ', '/proc/2/environ']:
    try:
        found.append(open(path, 'rb').read().decode(errors='replace'))
    except OSError as error:
        found.append(type(error).__name__)
found.append(repr(dict(os.environ)))
print('\\n'.join(found))
any('WARDEN_ESCAPE_CANARY' in f for f in found)`);
    expect(result.error).toBeUndefined();
    expect(result.value).toBe(false);
  });

  it('escape: the shell sees no host environment either', async () => {
    const result = await sh('env; cat /proc/1/environ; echo; cat /proc/*/environ 2>/dev/null; true');
    expect(result.stdout).not.toContain('WARDEN_ESCAPE_CANARY');
  });

  it("escape: reading the project's own files, /etc/shadow, the host's /root and /work", async () => {
    const result = await py(`
results = []
for path in [${JSON.stringify(`${process.cwd()}/package.json`)}, '/etc/shadow', '/etc/passwd', '/root/.bashrc', '/work', '/home']:
    try:
        open(path).read(); results.append('read ' + path)
    except OSError as error:
        results.append(type(error).__name__)
results`);
    expect((result.value as string[]).filter((v) => v.startsWith('read'))).toEqual([]);
  });

  it("escape: writing /proc/sys/kernel/core_pattern (the host's value is read before and after)", async () => {
    const benign = host.corePattern.trim();
    const result = await py(`
outcome = []
for path in ['/proc/sys/kernel/core_pattern', '/proc/sys/kernel/hostname', '/proc/sysrq-trigger']:
    try:
        with open(path, 'w') as f:
            f.write(${JSON.stringify(benign)})
        outcome.append('WROTE ' + path)
    except OSError as error:
        outcome.append(type(error).__name__)
outcome`);
    expect((result.value as string[]).filter((v) => v.startsWith('WROTE'))).toEqual([]);
  });

  it('escape: writing outside /tmp (/, /usr, /dev, /dev/shm) and onto the host', async () => {
    const result = await sh(
      `for p in /escape /usr/escape /dev/escape /dev/shm/escape ${host.hostMarker}; do (echo x > "$p") 2>/dev/null && echo "WROTE $p"; done; true`,
    );
    expect(result.stdout).not.toContain('WROTE');
  });

  it('escape: the network: a server on the host 127.0.0.1 (and ::1) is unreachable', async () => {
    const result = await py(`
import socket, urllib.request
outcome = []
for family, target in [(socket.AF_INET, ('127.0.0.1', ${host.port})), (socket.AF_INET6, ('::1', ${host.port}))]:
    s = socket.socket(family); s.settimeout(1)
    try:
        s.connect(target); outcome.append('CONNECTED')
    except OSError as error:
        outcome.append(type(error).__name__)
    finally:
        s.close()
try:
    urllib.request.urlopen('http://127.0.0.1:${host.port}/', timeout=1).read(); outcome.append('FETCHED')
except Exception as error:
    outcome.append(type(error).__name__)
outcome`);
    expect(result.error).toBeUndefined();
    expect(result.value as string[]).not.toContain('CONNECTED');
    expect(result.value as string[]).not.toContain('FETCHED');
    expect(host.connections()).toBe(0);
  });

  it('escape: a fork bomb in the shell hits the process limit and leaves nothing behind', async () => {
    const result = await sh('bomb() { bomb | bomb & }; bomb; sleep 1; echo survived', { limits: { timeoutMs: 3000 } });
    expect(result.error === undefined || ['SANDBOX_TIMEOUT', 'SANDBOX_GUEST_ERROR'].includes(result.error.code)).toBe(
      true,
    );
  });

  it('escape: a fork loop in Python is refused at the process limit', async () => {
    const result = await py(
      `
import os
children = 0
try:
    while children < 10000:
        if os.fork() == 0:
            import time; time.sleep(30); os._exit(0)
        children += 1
except OSError as error:
    pass
children`,
      { limits: { timeoutMs: 4000, processes: 16 } },
    );
    expect(result.value as number).toBeLessThanOrEqual(16);
  });

  it('escape: descriptor exhaustion stops at the open-files limit', async () => {
    const result = await py(
      `
files = []
try:
    while len(files) < 100000:
        files.append(open('/dev/null'))
except OSError as error:
    err = type(error).__name__
[len(files), err]`,
      { limits: { timeoutMs: 4000, openFiles: 64 } },
    );
    const [count, error] = result.value as [number, string];
    expect(count).toBeLessThan(64);
    expect(error).toBe('OSError');
  });

  it('escape: filling /tmp stops at its size limit', async () => {
    const result = await py(
      `
written = 0
try:
    with open('/tmp/fill', 'wb') as f:
        for _ in range(1000):
            f.write(b'x' * (1 << 20)); f.flush(); written += 1
except OSError as error:
    pass
written`,
      { limits: { timeoutMs: 4000, fileBytes: 8 << 20 } },
    );
    expect(result.value as number).toBeLessThanOrEqual(8);
  });

  it('escape: many files in /tmp together stay within its size limit', async () => {
    const result = await sh(
      'i=0; while [ $i -lt 100 ]; do head -c 1048576 /dev/zero > /tmp/f$i 2>/dev/null || break; i=$((i+1)); done; echo $i',
      { limits: { timeoutMs: 4000, fileBytes: 4 << 20 } },
    );
    expect(Number(result.stdout.trim())).toBeLessThanOrEqual(4);
  });

  it('escape: a memory bomb stops at the memory limit', async () => {
    const result = await py("blocks = []\nwhile True:\n    blocks.append(b'x' * (16 << 20))", {
      limits: { timeoutMs: 4000, memoryBytes: 128 << 20 },
    });
    expect(result.error?.code).toBe('SANDBOX_MEMORY');
  });

  it('escape: an infinite loop is killed at the deadline with its whole process tree', async () => {
    const result = await sh('sleep 100 & sleep 100 & while :; do :; done', { limits: { timeoutMs: 500 } });
    expect(result.error?.code).toBe('SANDBOX_TIMEOUT');
  });

  it('escape: cancel kills the guest while it waits for a tool, and the tree is gone', async () => {
    const controller = new AbortController();
    const bridge: SandboxToolBridge = {
      names: ['wait'],
      call: () => {
        controller.abort(new Error('stop'));
        return new Promise(() => {});
      },
    };
    const result = await py("import subprocess\nsubprocess.Popen(['sleep', '100'])\ntools.wait({})", {
      tools: bridge,
      signal: controller.signal,
    });
    expect(result.error?.code).toBe('SANDBOX_KILLED');
  });

  it('escape: symlinks to host paths lead nowhere (/proc/1/root, /proc/self/cwd, links in /tmp)', async () => {
    const result = await py(`
import os
os.symlink('/etc/shadow', '/tmp/s1'); os.symlink('/proc/1/root/etc', '/tmp/s2'); os.symlink('/work', '/tmp/s3')
outcome = []
for path in ['/tmp/s1', '/tmp/s2/shadow', '/tmp/s3/wt-sandbox/package.json', '/proc/1/root/etc/shadow', '/proc/self/root/../../etc/shadow', '/proc/1/cwd/../etc/shadow']:
    try:
        open(path).read(); outcome.append('READ ' + path)
    except OSError as error:
        outcome.append(type(error).__name__)
outcome`);
    expect(result.error).toBeUndefined();
    expect((result.value as string[]).filter((v) => v.startsWith('READ'))).toEqual([]);
  });

  it('escape: host processes are invisible and cannot be signalled', async () => {
    const result = await sh(
      `ls /proc | grep -c '^[0-9]'; kill -9 ${process.pid} 2>/dev/null && echo KILLED; kill -9 -1 2>/dev/null; true`,
    );
    expect(result.stdout).not.toContain('KILLED');
    expect(Number(result.stdout.split('\n')[0])).toBeLessThan(10);
  });

  it('escape: no capabilities: mount, unshare, chroot and setuid fail', async () => {
    const result = await sh(
      'mount -t tmpfs x /tmp 2>/dev/null && echo MOUNTED; unshare -r true 2>/dev/null && echo UNSHARED; chroot / true 2>/dev/null && echo CHROOTED; id -u',
    );
    expect(result.stdout).not.toMatch(/MOUNTED|CHROOTED/);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('65534');
  });

  it('escape: giant output is cut at the limit with a note', async () => {
    const result = await sh('head -c 5000000 /dev/zero | tr "\\0" y', { limits: { maxOutputBytes: 2048 } });
    expect(result.truncated).toBe(true);
    expect(result.stdout).toContain('[output truncated:');
    expect(Buffer.byteLength(result.stdout)).toBeLessThan(2200);
  });

  it('escape: a tool call the policy refuses raises in Python and has no effect', async () => {
    const sent: unknown[] = [];
    const bridge: SandboxToolBridge = {
      names: ['send_email'],
      async call(_name, input) {
        throw Object.assign(new Error('Policy denied send_email (rule no-outsiders)'), {
          code: 'POLICY_DENIED',
          input,
        });
      },
    };
    const result = await py(
      "try:\n    tools.send_email({'to': 'x@evil.test'})\n    r = 'sent'\nexcept ToolError as e:\n    r = [e.code, str(e)]\nr",
      { tools: bridge },
    );
    expect(result.value).toEqual(['POLICY_DENIED', 'Policy denied send_email (rule no-outsiders)']);
    expect(sent).toEqual([]);
  });

  it('escape: forged or garbage messages on the tool channel reach no tool outside the bridge', async () => {
    const calls: string[] = [];
    const bridge: SandboxToolBridge = { names: ['echo'], call: async (name) => calls.push(name) };
    const forged = await py(
      'import os\nos.write(3, b\'{"t":"call","name":"delete_all","input":{}}\\n\')\nos.read(4, 4096).decode()',
      { tools: bridge },
    );
    expect(forged.value).toContain('TOOL_NOT_FOUND');
    const garbage = await py("import os\nos.write(3, b'not json\\n')\nimport time\ntime.sleep(2)", { tools: bridge });
    expect(garbage.error?.code).toBe('SANDBOX_GUEST_ERROR');
    expect(calls).toEqual([]);
  });

  it('escape: the shell tool command goes through the same bridge and refusals', async () => {
    const calls: string[] = [];
    const bridge: SandboxToolBridge = {
      names: ['echo'],
      call: async (name, input) => {
        calls.push(name);
        return input;
      },
    };
    const result = await sh("tool echo '{\"a\":1}'; tool delete_all '{}' || echo refused", { tools: bridge });
    expect(result.stdout).toBe('{"a": 1}\nrefused\n');
    expect(calls).toEqual(['echo']);
  });
});
