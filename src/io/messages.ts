/** Messages about cells of an export, shared by the reader and the reports. */

export interface BadCell {
  /** The file, when several were read (else the one named with the message). */
  file?: string;
  line: number;
  /** `column X: expected …, got '…'`. */
  problem: string;
}

/** The message of an unreadable cell: `file:line: column X: expected …, got '…'`. */
export const badCellText = (file: string, b: BadCell): string => `${b.file ?? file}:${b.line}: ${b.problem}`;
