/**
 * A problem with the machine or the configuration that the user must fix.
 * The launcher prints only its message (one line), never a stack trace.
 */
export class SetupError extends Error {
  override name = 'SetupError';
}
