import { WardenError } from '../../../core/errors/warden-error.js';

/** The simulated Slack workspace refused a request: an unknown user or channel, a taken handle. The message says what to do. */
export class SlackError extends WardenError {
  constructor(message: string) {
    super({ code: 'SLACK_REQUEST_REJECTED', fault: 'model', message });
  }
}
