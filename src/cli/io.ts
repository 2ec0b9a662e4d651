/** Everything a command touches outside itself, so commands are tested without a process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stdout is a terminal (live spinners and colours). */
  isTTY: boolean;
  /** Cancels long commands (Ctrl-C). */
  signal?: AbortSignal;
  /** Asks the person one line (an interactive terminal only): how `warden run` answers MCP servers' questions. */
  ask?: (prompt: string) => Promise<string>;
}

/** An IO that collects output, for tests. */
export function memoryIO(overrides: Partial<CliIO> = {}): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    env: {},
    cwd: process.cwd(),
    isTTY: false,
    ...overrides,
    out: () => out,
    err: () => err,
  };
}
