import type { Reporter, TestModule } from 'vitest/node';

/**
 * Closes `npm run test:escapes` with `escapes: <n> of <cases> cases`: every test named `escape: …` is a case, and
 * one that fails is an escape (its attempt succeeded or touched the host). Skipped cases are listed apart.
 */
export default class EscapeReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let cases = 0;
    let escapes = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        if (!test.name.startsWith('escape:')) continue;
        const state = test.result().state;
        if (state === 'skipped' || state === 'pending') skipped++;
        else {
          cases++;
          if (state === 'failed') escapes++;
        }
      }
      if (module.state() === 'failed' && module.children.size === 0) escapes++;
    }
    const note = skipped > 0 ? ` (${skipped} skipped)` : '';
    process.stdout.write(`\nescapes: ${escapes} of ${cases} cases${note}\n`);
  }
}
