/** Exit codes: the only numbers `main` ever exits with (documented in README and --help). */
export const EXIT = { ok: 0, internal: 1, usage: 2, input: 3, data: 4, output: 5, sigint: 130, sigterm: 143 } as const;

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

/** An output cannot be written: full disk, no permission, a name too long (exit 5). */
export class OutputError extends RfmError {
  constructor(message: string) {
    super(message, EXIT.output);
  }
}

/** An errno code in words, for one-line messages. */
export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    EISDIR: 'is a folder',
    ENOTDIR: 'a part of the path is not a folder',
    ENOENT: 'no such file or folder',
    ENAMETOOLONG: 'file name too long',
    EIO: 'input/output error',
    EFBIG: 'file too large',
    ELOOP: 'too many symbolic links',
  };
  return (code && words[code]) ?? code ?? (e as Error)?.message ?? String(e);
}
