// Mackerel's words (reference §2.1). Reserved words can never be identifiers, in any letter case
// (the original's `reservedNames`); the other keywords are keywords only where the grammar expects
// them and ordinary identifiers elsewhere (a field may be called `width` or `addr`).

export const RESERVED = ['also', 'bytewise', 'constants', 'datatype', 'io', 'lsbfirst', 'many', 'msbfirst', 'pci',
  'regarray', 'register', 'regtype', 'stepwise', 'type', 'valuewise', 'device'] as const;

/** Register attributes; `rw1c` is a spelling of `rwc`, `rw1cs` of `rwcs`. */
export const REG_ATTRS = ['rw', 'ro', 'rc', 'rwc', 'rw1c', 'wo', 'rwzc'] as const;
export const FIELD_ATTRS = [...REG_ATTRS, 'ros', 'rwo', 'rwcs', 'rw1cs', 'rws', 'rwl', 'mbz', 'mb1', 'rsvd'] as const;

// ORDER MATTERS: reserved words first, then the other keywords, the attributes last and in the
// order above (the grammar matches the attribute sets and the non-reserved words as ranges).
export const KEYWORDS = [...RESERVED, 'import', 'addr', 'noaddr', 'space', 'registerwise', 'width', ...FIELD_ATTRS] as const;

export type Keyword = (typeof KEYWORDS)[number];
export const DATA_ATTRS = ['rw', 'mbz', 'mb1', 'rsvd'] as const;
