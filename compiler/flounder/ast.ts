// The syntax tree of a Flounder file as written: names unresolved, positions as source offsets
// (`at`). `check.ts` resolves it into the model (model.ts).

export interface Name { text: string; at: number }

export type TypeDeclAst =
  | { kind: 'alias'; name: Name; target: Name; at: number }
  | { kind: 'struct'; name: Name; fields: { type: Name; name: Name }[]; at: number }
  | { kind: 'enum'; name: Name; members: Name[]; at: number }
  | { kind: 'array'; name: Name; elem: Name; length: number; lengthAt: number; at: number }
  | { kind: 'typedef'; name: Name; target: Name; at: number };

export type ArgAst =
  | { form: 'simple'; type: Name; name: Name; dir?: 'in' | 'out' }
  | { form: 'string'; type: Name; name: Name; max: number; maxAt: number; dir?: 'in' | 'out' }
  | { form: 'dynamic'; type: Name; name: Name; lengthName: Name; max: number; maxAt: number; dir?: 'in' | 'out' };

export interface MetaAst { name: Name; args: { name: Name; value: number | string }[] }

export interface MsgAst { kind: 'message' | 'rpc'; name: Name; args: ArgAst[]; meta: MetaAst[]; at: number }

export type DeclAst = ({ decl: 'type' } & TypeDeclAst) | ({ decl: 'msg' } & MsgAst);

export interface InterfaceAst { name: Name; description?: string; decls: DeclAst[]; at: number }
