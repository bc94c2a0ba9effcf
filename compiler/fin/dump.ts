// A readable rendering of a CheckedProgram, for debugging the front end and the code generator
// (and for tests that compare whole function bodies). Notation:
//   5:u8  true  null:*Node   constants with their type;  str#0  the string table entry
//   total#1   local 1;  main.ticks  a global (by link name);  &main.sum  a function's address
//   s.f  field of a value;  p->f  field through a pointer;  a[i]  checked index;  p[i]!  unchecked
//   (p +> i*8)  pointer advanced by i elements of 8 bytes;  (p <-> q)/8  pointer difference
//   (x as u8 trunc)  conversion with its bit change
import type { CheckedProgram, FuncInfo, GlobalInit, TExpr, TStmt } from './checked.ts';
import { typeToString } from './types.ts';

export function dumpProgram(p: CheckedProgram): string {
  const out: string[] = [];
  for (const m of p.modules) {
    out.push(`module ${m.name}${m.isMain ? ' (main)' : ''} ${m.path}`);
    for (const i of m.imports) out.push(`  import ${i.module.name} as ${i.alias}`);
    for (const s of m.structs) {
      out.push(`  struct ${s.name} size ${s.size} align ${s.align} { ${s.fields.map((f) => `${f.name}: ${typeToString(f.type)} @${f.offset}`).join(', ')} }`);
    }
    for (const e of m.enums) out.push(`  enum ${e.name}: ${e.base.name} { ${e.members.map((x) => `${x.name} = ${x.value}`).join(', ')} }`);
    for (const c of m.consts) out.push(`  const ${c.name}: ${typeToString(c.type)} = ${c.value}`);
    for (const g of m.globals) out.push(`  var ${g.linkName}: ${typeToString(g.type)} = ${initText(g.init)}`);
    for (const f of m.functions) out.push(...dumpFunction(f).map((l) => '  ' + l));
  }
  p.strings.forEach((s) => out.push(`str#${s.index} = ${JSON.stringify(new TextDecoder().decode(s.bytes.subarray(0, -1)))}`));
  return out.join('\n') + '\n';
}

function initText(i: GlobalInit): string {
  switch (i.kind) {
    case 'zero': return 'zero';
    case 'const': return String(i.value);
    case 'string': return `str#${i.index}`;
    case 'func': return `&${i.func.linkName}`;
    case 'global': return `&${i.global.linkName}`;
  }
}

export function dumpFunction(f: FuncInfo): string[] {
  const params = f.params.map((p) => `${p.name}#${p.id}: ${typeToString(p.type)}`).join(', ');
  const head = `${f.pub ? 'pub ' : ''}${f.extern ? 'extern ' : ''}fn ${f.linkName}(${params}) -> ${typeToString(f.type.ret)}`;
  if (!f.body) return [head];
  const locals = f.locals.slice(f.params.length).map((l) => `${l.name}#${l.id}: ${typeToString(l.type)}${l.kind === 'var' ? '' : ` (${l.kind})`}${l.addressTaken ? ' &' : ''}`);
  return [head + ' {', ...(locals.length ? [`  locals ${locals.join(', ')}`] : []), ...stmts(f.body, '  '), '}'];
}

function stmts(list: TStmt[], ind: string): string[] {
  return list.flatMap((s) => stmt(s, ind));
}

function block(head: string, body: TStmt[], ind: string): string[] {
  return [`${ind}${head ? head + ' ' : ''}{`, ...stmts(body, ind + '  '), `${ind}}`];
}

function stmt(s: TStmt, ind: string): string[] {
  switch (s.kind) {
    case 'block': return block('', s.body, ind);
    case 'var': return [`${ind}var ${s.local.name}#${s.local.id}: ${typeToString(s.local.type)}${s.init ? ' = ' + expr(s.init) : ''}`];
    case 'assign': return [`${ind}${expr(s.target)} ${s.op ?? ''}= ${expr(s.value)}${s.ptrScale !== null ? ` (*${s.ptrScale})` : ''}`];
    case 'expr': return [ind + expr(s.expr)];
    case 'if': return [...block(`if ${expr(s.cond)}`, s.then, ind), ...(s.else ? block('else', s.else, ind) : [])];
    case 'while': return block(`while ${expr(s.cond)}`, s.body, ind);
    case 'loop': return block('loop', s.body, ind);
    case 'for': return block(`for ${s.local.name}#${s.local.id} in ${expr(s.from)}..${expr(s.to)} (end #${s.end.id})`, s.body, ind);
    case 'break': return [`${ind}break`];
    case 'continue': return [`${ind}continue`];
    case 'return': return [`${ind}return${s.value ? ' ' + expr(s.value) : ''}`];
    case 'switch': return [
      `${ind}switch ${expr(s.subject)} {`,
      ...s.cases.flatMap((c) => block(`case ${c.values.join(', ')} =>`, c.body, ind + '  ')),
      ...(s.default ? block('default =>', s.default, ind + '  ') : []),
      `${ind}}`,
    ];
  }
}

export function expr(e: TExpr): string {
  switch (e.kind) {
    case 'const': return e.type.kind === 'bool' ? String(e.value === 1) : e.type.kind === 'pointer' && e.value === 0 ? `null:${typeToString(e.type)}` : `${e.value}:${typeToString(e.type)}`;
    case 'string': return `str#${e.index}`;
    case 'local': return `${e.local.name}#${e.local.id}`;
    case 'global': return e.global.linkName;
    case 'func': return `&${e.func.linkName}`;
    case 'field': return `${expr(e.object)}${e.via === 'pointer' ? '->' : '.'}${e.field.name}`;
    case 'index': return `${expr(e.object)}[${expr(e.index)}]${e.checked ? '' : '!'}`;
    case 'deref': return `*${expr(e.pointer)}`;
    case 'addr': return `&${expr(e.operand)}`;
    case 'unary': return `${e.op}${expr(e.operand)}`;
    case 'binary': case 'logical': return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
    case 'ptradd': return `(${expr(e.pointer)} ${e.op === '+' ? '+>' : '<-'} ${expr(e.offset)}*${e.scale})`;
    case 'ptrdiff': return `(${expr(e.left)} <-> ${expr(e.right)})/${e.scale}`;
    case 'cast': return `(${expr(e.operand)} as ${typeToString(e.type)} ${e.conv})`;
    case 'call': return `${e.func ? e.func.linkName : `(*${expr(e.callee)})`}(${e.args.map(expr).join(', ')})`;
    case 'intrinsic': return `@${e.name}(${e.args.map(expr).join(', ')})`;
  }
}
