import type { ModelToolSpec } from '../../models/language-model.js';
import type { CodeLanguage } from './code-blocks.js';

/** A saved function shown to the model, callable from its code. */
export interface LibraryFunction {
  name: string;
  signature: string;
  docstring: string;
}

/** What the system prompt is built from. */
export interface PromptParts {
  instructions?: string;
  tools: readonly ModelToolSpec[];
  languages: readonly CodeLanguage[];
  library: readonly LibraryFunction[];
  outputSchema?: unknown;
  spotlight?: string;
}

const howToCall: Record<CodeLanguage, string> = {
  javascript:
    '```js\nconst result = await tools.NAME({ ... }); // every tool is async\nconsole.log(result); // printed output comes back to you\nreturn result; // so does the returned value (JSON)\n```',
  python:
    '```python\nresult = tools.NAME({...})  # raises ToolError (with .code) on failure\nprint(result)\nresult  # the last expression is returned\n```',
  shell: '```sh\ntool NAME \'{"key": "value"}\'  # prints the result as JSON\n```',
};

/** The system prompt of a CodeAct run: how to act in code, the tools and saved functions, how to finish. */
export function codeActPrompt(parts: PromptParts): string {
  const sections: string[] = [];
  if (parts.instructions) sections.push(parts.instructions);
  sections.push(
    [
      'You act by writing code. To act, reply with one fenced code block; it runs in a sandbox and you get back what it printed, what it returned and any error. Each block runs on its own: nothing carries over between blocks except what you read back.',
      ...parts.languages.map((language) => howToCall[language]),
      'When you have the answer, reply with the final answer as plain text and no code block.',
    ].join('\n\n'),
  );
  if (parts.tools.length > 0) {
    const lines = parts.tools.map(
      (tool) =>
        `- tools.${tool.name}(input): ${tool.description || '(no description)'}\n  input: ${JSON.stringify(tool.inputSchema)}`,
    );
    sections.push(`Tools you can call from code:\n${lines.join('\n')}`);
  } else {
    sections.push('There are no tools: compute the answer in code.');
  }
  if (parts.library.length > 0) {
    const lines = parts.library.map((fn) => `- ${fn.signature}: ${fn.docstring}`);
    sections.push(`Saved functions, already defined in every JavaScript block:\n${lines.join('\n')}`);
  }
  if (parts.spotlight) sections.push(parts.spotlight);
  if (parts.outputSchema !== undefined) {
    sections.push(
      `When you give your final answer, reply with only a JSON value matching this JSON Schema:\n${JSON.stringify(parts.outputSchema)}`,
    );
  }
  return sections.join('\n\n');
}
