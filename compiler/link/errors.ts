// Every failure the object layer and linker can report. Callers (the CLI, the VM loader, tests)
// branch on `code`, which is part of the public contract; the message is for humans and always
// starts with the file it is about, because a link usually involves many inputs.

export type LinkErrorCode =
  // malformed ELF input
  | 'elf-truncated'
  | 'elf-bad-magic'
  | 'elf-bad-class'
  | 'elf-bad-data'
  | 'elf-bad-version'
  | 'elf-bad-abi'
  | 'elf-bad-type'
  | 'elf-bad-machine'
  | 'elf-bad-header'
  | 'elf-bad-section'
  | 'elf-bad-string'
  | 'elf-bad-symbol'
  | 'elf-bad-reloc'
  | 'elf-bad-lines'
  | 'elf-bad-segment'
  | 'elf-bad-entry'
  // in-memory models handed to the writers or the linker that break the model's invariants
  | 'invalid-object'
  | 'invalid-executable'
  | 'invalid-option'
  // linking proper
  | 'no-input'
  | 'arch-mismatch'
  | 'duplicate-symbol'
  | 'undefined-symbol'
  | 'no-entry'
  | 'bad-entry'
  | 'reloc-overflow'
  | 'reloc-misaligned'
  | 'image-too-large';

export class LinkError extends Error {
  override readonly name = 'LinkError';
  readonly code: LinkErrorCode;
  /** the file (or in-memory object) the error is about */
  readonly path: string;

  constructor(code: LinkErrorCode, path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.code = code;
    this.path = path;
  }
}

/** Name used in messages when the caller gave no path (objects built in memory). */
export const NO_PATH = '<memory>';
