/**
 * A start-up failure an operator can fix without reading a stack trace: the message
 * names what was tried and what to check, and the process prints it as one line.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}
