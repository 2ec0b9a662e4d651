// The package as a user gets it: `npm pack` (which builds through `prepack`), the tarball installed into a fresh
// folder, every documented subpath imported from plain ESM and required from CommonJS, a TypeScript consumer
// type-checked with default settings (skipLibCheck false) under nodenext, node16 and bundler resolution, the CLI
// run from dist/ without tsx, and the README's library example compiled and run against Warden's own
// OpenAI-compatible test server (a scripted, simulated model). Run: `node scripts/consumer-test.mjs [--keep]`.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'warden-consumer-'));
const app = join(work, 'app');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const locked = (name) => lock.packages[`node_modules/${name}`]?.version;
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const execFileAsync = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let passed = 0;
let failed = 0;
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed += 1;
    console.log(
      `not ok - ${name}\n${String(error?.stdout ?? '')}${String(error?.stderr ?? '')}${error?.stack ?? error}`,
    );
  }
}
const run = (command, args, options = {}) =>
  execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// The subpaths the README and CONTRIBUTING document, and an export each must have.
const documented = {
  warden: [
    'defineAgent',
    'defineTool',
    'run',
    'stream',
    'createRuntime',
    'react',
    'codeact',
    'withJsonSchema',
    'ProviderError',
  ],
  'warden/models': ['createOpenAICompatible', 'createAnthropic', 'withRetry', 'resolveModel'],
  'warden/store': ['createSqliteStore', 'createPostgresStore', 'openStore', 'MemoryRunStore'],
  'warden/policy': ['parsePolicy', 'loadPolicy', 'definePolicy', 'narrowPolicy', 'intersectPolicies'],
  'warden/mcp': ['connectMcp'],
  'warden/testing': ['ScriptedModel', 'startOpenAITestServer', 'startAnthropicTestServer'],
  'warden/eval': ['runSecurityEval', 'loadSuite', 'resolveSuiteDir'],
  'warden/ai-sdk': ['fromAiSdk'],
  'warden/sandbox': ['createQuickJsSandbox', 'SandboxError'],
};

let tarball;
await step('npm pack builds dist/ and ships no sources, maps or tests', () => {
  const out = run(npm, ['pack', '--json', '--pack-destination', work], { cwd: root });
  const [info] = JSON.parse(out.slice(out.indexOf('[')));
  tarball = join(work, info.filename);
  const files = info.files.map((file) => file.path);
  for (const required of [
    'dist/index.js',
    'dist/index.d.ts',
    'dist/cli/main.js',
    'bin/warden.js',
    'LICENSE',
    'README.md',
  ])
    assert(files.includes(required), `${required} is missing from the tarball`);
  const wrong = files.filter((file) => /\.map$|^src\/|\.test\.|\.case\./.test(file));
  assert(wrong.length === 0, `the tarball ships ${wrong.slice(0, 5).join(', ')}`);
  const exported = Object.values(rootPackage.exports).flatMap((entry) =>
    typeof entry === 'string' ? [entry] : Object.values(entry),
  );
  for (const target of exported)
    assert(files.includes(target.replace(/^\.\//, '')), `exports names ${target}, not shipped`);
});

await step(
  'the tarball installs into a fresh folder (zod 3 and @types/node beside it, no pg, no tsx); an unbuilt better-sqlite3 is a MissingDependencyError',
  () => {
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // --ignore-scripts: better-sqlite3 would compile from source for a minute; its addon is copied from this checkout.
    run(
      npm,
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        tarball,
        'zod@3.25.76',
        `@types/node@${locked('@types/node')}`,
      ],
      { cwd: app },
    );
    const installed = join(app, 'node_modules');
    const sqliteVersion = JSON.parse(readFileSync(join(installed, 'better-sqlite3', 'package.json'), 'utf8')).version;
    assert(sqliteVersion === locked('better-sqlite3'), `better-sqlite3 ${sqliteVersion} is not this checkout's`);
    // Installed with scripts skipped, the addon is not built: the store must say what to run, not crash obscurely.
    const unbuilt = `import('warden/store').then(({ createSqliteStore }) => createSqliteStore({ path: ':memory:' }))
    .then(() => { throw new Error('opened without an addon'); },
      (error) => { if (error.code !== 'MISSING_DEPENDENCY' || !error.message.includes('npm rebuild better-sqlite3')) throw error; })`;
    run(process.execPath, ['--input-type=module', '-e', unbuilt], { cwd: app });
    cpSync(join(root, 'node_modules', 'better-sqlite3', 'build'), join(installed, 'better-sqlite3', 'build'), {
      recursive: true,
    });
    for (const absent of ['pg', 'tsx', 'esbuild'])
      assert(!existsSync(join(installed, absent)), `${absent} was installed`);
  },
);

await step('every documented subpath imports from plain ESM and requires from CommonJS', () => {
  const checks = JSON.stringify(documented);
  writeFileSync(
    join(app, 'imports.mjs'),
    `const documented = ${checks};
for (const [path, names] of Object.entries(documented)) {
  const module = await import(path);
  for (const name of names) if (module[name] === undefined) throw new Error(path + ' has no export ' + name);
}
const { openStore } = await import('warden/store');
const error = await openStore('postgres://127.0.0.1/none').catch((caught) => caught);
if (error?.code !== 'MISSING_DEPENDENCY' || !error.message.includes('npm install pg')) throw new Error('pg: ' + error);
const { loadSuite, resolveSuiteDir } = await import('warden/eval');
const suite = await loadSuite(resolveSuiteDir('banking'));
if (!suite.userTasks?.length) throw new Error('the banking suite has no user tasks');
`,
  );
  run(process.execPath, ['imports.mjs'], { cwd: app });
  writeFileSync(
    join(app, 'require.cjs'),
    `for (const [path, names] of Object.entries(${checks})) {
  const module = require(path);
  for (const name of names) if (module[name] === undefined) throw new Error(path + ' has no export ' + name);
}`,
  );
  run(process.execPath, ['--no-warnings', 'require.cjs'], { cwd: app });
});

await step('the CLI runs from dist/ without tsx', () => {
  const help = run(join(app, 'node_modules', '.bin', 'warden'), ['--help'], { cwd: app });
  assert(help.includes('runs'), `unexpected help:\n${help}`);
});

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const example = /## As a library[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
const modelLine = /createOpenAICompatible\(\{ baseURL: '[^']+', model: '([^']+)' \}\)/;

await step('a TypeScript consumer type-checks with default settings (skipLibCheck false)', async () => {
  assert(
    example && modelLine.test(example),
    'README.md has no library example with createOpenAICompatible({ baseURL, model })',
  );
  writeFileSync(
    join(app, 'readme-example.ts'),
    example.replace(modelLine, "createOpenAICompatible({ baseURL: process.env.WARDEN_TEST_BASE_URL!, model: '$1' })"),
  );
  writeFileSync(
    join(app, 'surface.ts'),
    `import { defineTool, type Tool, type RunEvent, SchemaError } from 'warden';
import { fromAiSdk, type AiSdkLanguageModel } from 'warden/ai-sdk';
import { createPostgresStore, type RunStore } from 'warden/store';
import { ScriptedModel } from 'warden/testing';
import { z } from 'zod';
const tool: Tool<{ n: number }> = defineTool({
  name: 'double', description: 'Double', input: z.object({ n: z.string().transform(Number) }),
  execute: ({ n }) => n * 2,
});
declare const aiSdkModel: AiSdkLanguageModel;
export const surface = [tool, fromAiSdk(aiSdkModel), new ScriptedModel([]), SchemaError, createPostgresStore];
export type Surface = [RunEvent, RunStore];
`,
  );
  // The three checks run at once (one per core, the rest waits): tsc is most of this script's time.
  const checks = [
    ['nodenext', 'nodenext'],
    ['node16', 'node16'],
    ['preserve', 'bundler'],
  ].map(([moduleKind, resolution]) => {
    const config = `tsconfig.${resolution}.json`;
    writeFileSync(
      join(app, config),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          module: moduleKind,
          moduleResolution: resolution,
          outDir: 'build',
          noEmit: resolution !== 'nodenext',
        },
        files: ['readme-example.ts', 'surface.ts'],
      }),
    );
    return execFileAsync(process.execPath, [tsc, '-p', config], { cwd: app, encoding: 'utf8' });
  });
  await Promise.all(checks);
});

await step("the README example runs against Warden's test server (a scripted, simulated model)", async () => {
  const { startOpenAITestServer } = await import(join(app, 'node_modules', 'warden', 'dist', 'testing', 'index.js'));
  const server = await startOpenAITestServer({
    script: [
      { toolCalls: [{ name: 'get_weather', input: { city: 'Lisbon' } }] },
      { text: '{"city": "Lisbon", "summary": "21 °C, warm"}' },
      { text: '{"city": "Oslo", "summary": "colder"}' },
    ],
  });
  try {
    const child = spawn(process.execPath, ['build/readme-example.js'], {
      cwd: app,
      env: { ...process.env, WARDEN_TEST_BASE_URL: server.url, OPENAI_API_KEY: 'test' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill(), 60_000);
    const code = await new Promise((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    assert(code === 0, `the example exited with ${code}:\n${output}`);
    assert(/^completed \{ city: 'Lisbon', summary: '21 °C, warm' \}/m.test(output), `unexpected output:\n${output}`);
    assert(output.includes('"city": "Oslo"'), `the streamed run printed no text:\n${output}`);
    assert(server.requests.length === 3, `the test server got ${server.requests.length} requests, not 3`);
  } finally {
    await server.close();
  }
});

if (process.argv.includes('--keep')) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`consumer: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
