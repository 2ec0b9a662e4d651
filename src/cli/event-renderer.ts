import type { RunEvent } from '../core/events.js';
import { toolOutputText } from '../core/messages.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface RendererOptions {
  write: (text: string) => void;
  /** Animate a spinner while the model thinks (terminals only). */
  live: boolean;
  /** Longest tool argument / result preview. @default 160 */
  previewLength?: number;
}

/** Renders a run's events as they happen: steps, tool calls and results, decisions, streamed text. */
export class EventRenderer {
  private readonly depth = new Map<string, number>();
  private spinner: NodeJS.Timeout | undefined;
  private spinnerText = '';
  private frame = 0;
  private inText = false;
  /** Text streamed for the top-level run's latest model call. */
  streamedText = '';

  constructor(private readonly options: RendererOptions) {}

  readonly onEvent = (event: RunEvent): void => {
    if (event.type !== 'text-delta') this.endText();
    if (event.type !== 'text-delta' && event.type !== 'model-request') this.stopSpinner();
    const pad = '  '.repeat(this.depthOf(event));
    switch (event.type) {
      case 'run-start':
        if (event.parentRunId) this.depth.set(event.runId, (this.depth.get(event.parentRunId) ?? 0) + 1);
        this.line(
          `${'  '.repeat(this.depthOf(event))}▶ ${event.agent} (${event.model}${event.simulated ? ', simulated' : ''}) run ${event.runId}`,
        );
        break;
      case 'run-resume':
        this.line(`${pad}▶ resumed run ${event.runId}`);
        break;
      case 'model-request':
        if (this.depthOf(event) === 0) this.streamedText = '';
        this.startSpinner(`${pad}step ${event.step} · thinking…`);
        break;
      case 'text-delta':
        this.stopSpinner();
        if (!this.inText) this.options.write(`${pad}  `);
        this.inText = true;
        if (this.depthOf(event) === 0) this.streamedText += event.delta;
        this.options.write(event.delta.replaceAll('\n', `\n${pad}  `));
        break;
      case 'model-response':
        if (!this.options.live)
          this.line(`${pad}step ${event.step} · ${event.usage.totalTokens} tokens, ${event.durationMs} ms`);
        break;
      case 'tool-call':
        this.line(
          `${pad}  → ${event.toolName} ${this.preview(JSON.stringify(event.input))}${event.repair ? ` (repaired: ${event.repair.kind})` : ''}`,
        );
        break;
      case 'tool-result':
        this.line(`${pad}  ← ${event.toolName} ${event.durationMs} ms: ${this.preview(toolOutputText(event.output))}`);
        break;
      case 'tool-error':
        this.line(`${pad}  ✗ ${event.toolName}: ${this.preview(event.error.message)}`);
        break;
      case 'code-start':
        this.line(`${pad}  ⌘ ${event.language} code action: ${this.preview(event.code)}`);
        break;
      case 'code-end':
        this.line(
          `${pad}  ⌘ ${event.error ? `✗ ${event.error.code}: ${this.preview(event.error.message)}` : `${event.toolCalls} tool call(s), returned ${this.preview(JSON.stringify(event.value) ?? 'nothing')}`}`,
        );
        break;
      case 'policy-decision':
        if (event.decision !== 'allow') {
          this.line(
            `${pad}  ⛔ ${event.decision} ${event.action}${event.ruleId ? ` by rule ${event.ruleId}` : ''}${event.reason ? `: ${event.reason}` : ''}`,
          );
        }
        break;
      case 'tool-approval-request':
        this.line(`${pad}  ⏸ ${event.toolName} needs approval: warden approvals approve ${event.approvalId}`);
        break;
      case 'elicitation-request':
        this.line(`${pad}  ? ${event.server} asks (${event.elicitationId}): ${event.message}`);
        break;
      case 'tool-progress':
        this.line(
          `${pad}  … ${event.toolName} ${event.progress}${event.total !== undefined ? `/${event.total}` : ''}${event.message ? ` ${event.message.slice(0, 80)}` : ''}`,
        );
        break;
      case 'policy-narrowed':
        this.line(`${pad}  ⛉ policy narrowed by ${event.by} to: ${event.proposal.tools.join(', ')}`);
        break;
      case 'agent-spawn':
        this.line(`${pad}  ↳ sub-agent ${event.agent} (run ${event.childRunId})`);
        break;
      case 'loop-detected':
        this.line(`${pad}  ⚠ ${event.toolName} called ${event.repeats} times in a row with the same arguments`);
        break;
      case 'budget-exceeded':
        this.line(`${pad}  ⚠ ${event.budget} budget exceeded (${event.value} > ${event.limit})`);
        break;
      case 'model-error':
        this.line(
          `${pad}  ✗ model error${event.model ? ` (${event.model}, attempt ${event.attempt})` : ''}: ${event.error.message}${event.willRetry ? ` · retrying in ${event.waitMs ?? 0} ms` : ''}`,
        );
        break;
      case 'model-route':
        this.line(`${pad}  ⇢ ${event.from} → ${event.to} (${event.reason}${event.detail ? `: ${event.detail}` : ''})`);
        break;
      case 'run-end':
        if (event.runId && this.depthOf(event) > 0) this.line(`${pad}◀ ${event.status}`);
        break;
      default:
        break;
    }
  };

  /** Stops the spinner; call when the run is over. */
  close(): void {
    this.endText();
    this.stopSpinner();
  }

  private depthOf(event: RunEvent): number {
    return this.depth.get(event.runId) ?? 0;
  }

  private preview(text: string): string {
    const max = this.options.previewLength ?? 160;
    const flat = text.replace(/\s+/g, ' ');
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  }

  private line(text: string): void {
    this.options.write(`${text}\n`);
  }

  private endText(): void {
    if (this.inText) this.options.write('\n');
    this.inText = false;
  }

  private startSpinner(text: string): void {
    this.stopSpinner();
    if (!this.options.live) {
      this.line(text);
      return;
    }
    this.spinnerText = text;
    this.draw();
    this.spinner = setInterval(() => this.draw(), 80);
    this.spinner.unref?.();
  }

  private draw(): void {
    this.options.write(`\r${frames[this.frame++ % frames.length]} ${this.spinnerText.trimStart()}`);
  }

  private stopSpinner(): void {
    if (!this.spinner) return;
    clearInterval(this.spinner);
    this.spinner = undefined;
    this.options.write('\r\x1b[2K');
  }
}
