/** Typed errors that the CLI maps to the exit codes of the public contract (ARCHITECTURE.md). */

/** Exit code 2: the command line is wrong. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit code 2: the input (snapshot, flag value) cannot be used. The message names file, position and expectation. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(message);
    this.file = file;
  }
}

/** Exit code 3: the cluster cannot be reached or refuses our credentials. */
export class ClusterAccessError extends Error {
  override readonly name = 'ClusterAccessError';
}

export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  unreachable: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
