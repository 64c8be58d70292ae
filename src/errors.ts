/** Exit codes: the only numbers `main` ever exits with (documented in README and --help). */
export const EXIT = { ok: 0, internal: 1, usage: 2, input: 3, data: 4 } as const;

/** Base of every error we expect; `main` prints its message as one line and exits with its code. */
export class RfmError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags or arguments (exit 2). */
export class UsageError extends RfmError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** The input cannot be read: missing, empty, binary, malformed CSV, undecodable (exit 3). */
export class InputError extends RfmError {
  constructor(message: string) {
    super(message, EXIT.input);
  }
}

/** The input was read but its data cannot give an answer: no customer column, bad cells under --strict (exit 4). */
export class DataError extends RfmError {
  constructor(message: string) {
    super(message, EXIT.data);
  }
}
