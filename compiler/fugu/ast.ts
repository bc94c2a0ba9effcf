// The syntax tree of a Fugu file, as written: classes in file order, entries in class order.
// Strings are already decoded (Haskell escapes applied). Numbering happens in model.ts.
import type { Loc } from './diagnostics.ts';

export type CodeKind = 'success' | 'failure';

export interface EntryDecl {
  kind: CodeKind;
  /** `default success`: the code that is always 0 */
  isDefault: boolean;
  /** the name after the keyword; the full name is the class prefix followed by it */
  acronym: string;
  message: string;
  at: Loc;
  /** where the message literal starts */
  messageAt: Loc;
}

export interface ClassDecl {
  /** the domain name, e.g. `kernel` (may repeat across classes) */
  domain: string;
  /** prepended verbatim to every acronym, e.g. `SYS_ERR_` */
  prefix: string;
  at: Loc;
  entries: EntryDecl[];
}
