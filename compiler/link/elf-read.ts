// Entry points for reading shoal ELF files: the two validating readers, plus cheap probes that
// tools use to decide what a file is before committing to a full read.
import { ByteReader } from './bytes.ts';
import { hasElfMagic, parseHeader } from './elf-parse.ts';
import { NO_PATH } from './errors.ts';
import type { Arch } from './object.ts';

export { readObject } from './elf-read-object.ts';
export { readExecutable } from './elf-read-exec.ts';

/** True if `bytes` starts with the ELF magic number; says nothing about validity. */
export function isElf(bytes: Uint8Array): boolean {
  return hasElfMagic(bytes);
}

/** The personality of a shoal object or executable, after checking its ELF header. */
export function archOf(bytes: Uint8Array, path: string = NO_PATH): Arch {
  return parseHeader(new ByteReader(bytes, path), undefined).arch;
}
