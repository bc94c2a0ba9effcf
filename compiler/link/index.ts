// Public surface of the object/executable layer and linker, for the assembler, compiler driver,
// CLI and VM loader. Internal helpers (byte readers, ELF emit/parse) stay behind this.
export * from './object.ts';
export { LinkError, type LinkErrorCode } from './errors.ts';
export { EM_SHOAL_ARM, EM_SHOAL_X86, LINES_SECTION, PAGE_SIZE } from './elf-consts.ts';
export { writeExecutable, writeObject } from './elf-write.ts';
export { archOf, isElf, readExecutable, readObject } from './elf-read.ts';
export { DEFAULT_BASE, DEFAULT_ENTRY, link, LINKER_SYMBOLS, type LinkOptions } from './link.ts';
export { applyReloc, relocWidth } from './reloc.ts';
export { validateExecutable, validateObject } from './validate.ts';
