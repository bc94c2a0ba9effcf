// Public surface of the code generators (the driver imports emit.ts directly).
export { allocate, asmName, emitAsm, prepare, type Allocated, type Arch } from './emit.ts';
