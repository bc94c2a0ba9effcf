// Checks the invariants ir.ts promises to the code generators. Returns one message per problem
// (empty when the function is well formed); the lowering's tests call it on everything they
// produce, and emitAsm refuses a function that fails it.
import type { Block, Inst, IntrinsicName, IrFunction, Operand, Terminator, VReg } from './ir.ts';

const BIN_KINDS = new Set(['add', 'sub', 'mul', 'udiv', 'sdiv', 'urem', 'srem', 'and', 'or', 'xor', 'shl', 'shr', 'sar']);
const CMP_KINDS = new Set(['eq', 'ne', 'slt', 'sle', 'sgt', 'sge', 'ult', 'ule', 'ugt', 'uge']);
const EXT_KINDS = new Set(['sext8', 'sext16', 'zext8', 'zext16']);

/** argument count and whether the intrinsic produces a value */
const INTRINSICS: Record<IntrinsicName, { args: [number, number]; value: boolean }> = {
  mmio_read8: { args: [1, 1], value: true }, mmio_read16: { args: [1, 1], value: true }, mmio_read32: { args: [1, 1], value: true },
  mmio_write8: { args: [2, 2], value: false }, mmio_write16: { args: [2, 2], value: false }, mmio_write32: { args: [2, 2], value: false },
  port_in8: { args: [1, 1], value: true }, port_in16: { args: [1, 1], value: true }, port_in32: { args: [1, 1], value: true },
  port_out8: { args: [2, 2], value: false }, port_out16: { args: [2, 2], value: false }, port_out32: { args: [2, 2], value: false },
  irq_enable: { args: [0, 0], value: false }, irq_disable: { args: [0, 0], value: false },
  halt: { args: [0, 0], value: false }, wait_for_interrupt: { args: [0, 0], value: false },
  core_id: { args: [0, 0], value: true }, cycles: { args: [0, 0], value: true },
  syscall: { args: [1, 7], value: true }, trap: { args: [1, 1], value: false },
};

const isInt32 = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= 0xffffffff;

export function irVerify(fn: IrFunction): string[] {
  const errs: string[] = [];
  const where = (b: Block | null, i: number | null): string => `${fn.name}${b ? `: block ${b.id}` : ''}${i !== null ? `, instruction ${i}` : b ? ', terminator' : ''}`;
  const err = (b: Block | null, i: number | null, msg: string): void => { errs.push(`${where(b, i)}: ${msg}`); };

  if (!Number.isInteger(fn.nvregs) || fn.nvregs < 0) err(null, null, `nvregs ${fn.nvregs} is not a count`);
  if (fn.blocks.length === 0) { err(null, null, 'has no blocks'); return errs; }
  if (fn.blocks[0]!.id !== 0) err(null, null, `the first block (the entry) has id ${fn.blocks[0]!.id}, not 0`);
  const byId = new Map<number, number>();
  fn.blocks.forEach((b, i) => {
    if (byId.has(b.id)) err(b, null, 'duplicate block id');
    byId.set(b.id, i);
  });
  fn.slots.forEach((s, i) => {
    if (!Number.isInteger(s.size) || s.size < 0) err(null, null, `slot ${i} has size ${s.size}`);
    if (!Number.isInteger(s.align) || s.align < 1 || (s.align & (s.align - 1)) !== 0) err(null, null, `slot ${i} has alignment ${s.align}`);
  });
  const vreg = (b: Block | null, i: number | null, v: unknown, what: string): boolean => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < fn.nvregs) return true;
    err(b, i, `${what} v${String(v)} is not a vreg < ${fn.nvregs}`);
    return false;
  };
  const seenParams = new Set<number>();
  fn.params.forEach((p) => {
    vreg(null, null, p, 'parameter');
    if (seenParams.has(p)) err(null, null, `parameter v${p} is listed twice`);
    seenParams.add(p);
  });
  const operand = (b: Block, i: number | null, o: Operand | null | undefined, what: string): void => {
    if (!o || typeof o !== 'object') { err(b, i, `${what} is not an operand`); return; }
    if ('r' in o) vreg(b, i, o.r, what);
    else if ('imm' in o) { if (!isInt32(o.imm)) err(b, i, `${what} immediate ${String(o.imm)} is not a 32-bit integer`); }
    else err(b, i, `${what} is neither a register nor an immediate`);
  };
  const target = (b: Block, t: number, what: string): void => {
    if (!byId.has(t)) err(b, null, `${what} target block ${t} does not exist`);
  };

  // shapes
  for (const b of fn.blocks) {
    b.insts.forEach((x, i) => checkInst(b, i, x));
    const t = b.term as Terminator | undefined;
    if (!t || typeof t !== 'object') { err(b, null, 'has no terminator'); continue; }
    switch (t.op) {
      case 'jmp': target(b, t.target, 'jmp'); break;
      case 'br':
        if (!CMP_KINDS.has(t.kind)) err(b, null, `unknown comparison '${t.kind}'`);
        vreg(b, null, t.a, 'br operand');
        operand(b, null, t.b, 'br operand');
        target(b, t.then, 'br then');
        target(b, t.else, 'br else');
        break;
      case 'ret':
        if (t.value) operand(b, null, t.value, 'return value');
        break;
      case 'unreachable': break;
      default: err(b, null, `unknown terminator '${(t as { op: string }).op}'`);
    }
  }

  function checkInst(b: Block, i: number, x: Inst): void {
    switch (x.op) {
      case 'const': vreg(b, i, x.dst, 'destination'); if (!isInt32(x.value)) err(b, i, `constant ${x.value} is not a 32-bit integer`); break;
      case 'addr': vreg(b, i, x.dst, 'destination'); if (typeof x.symbol !== 'string' || !x.symbol) err(b, i, 'addr without a symbol'); if (!isInt32(x.offset)) err(b, i, 'addr offset is not a 32-bit integer'); break;
      case 'slot':
        vreg(b, i, x.dst, 'destination');
        if (!Number.isInteger(x.slot) || x.slot < 0 || x.slot >= fn.slots.length) err(b, i, `slot ${x.slot} does not exist (the function has ${fn.slots.length})`);
        if (!isInt32(x.offset)) err(b, i, 'slot offset is not a 32-bit integer');
        break;
      case 'copy': vreg(b, i, x.dst, 'destination'); operand(b, i, x.src, 'copy source'); break;
      case 'bin':
        vreg(b, i, x.dst, 'destination');
        if (!BIN_KINDS.has(x.kind)) err(b, i, `unknown operation '${x.kind}'`);
        vreg(b, i, x.a, 'left operand');
        operand(b, i, x.b, 'right operand');
        break;
      case 'neg': case 'not': vreg(b, i, x.dst, 'destination'); vreg(b, i, x.a, 'operand'); break;
      case 'cmp':
        vreg(b, i, x.dst, 'destination');
        if (!CMP_KINDS.has(x.kind)) err(b, i, `unknown comparison '${x.kind}'`);
        vreg(b, i, x.a, 'left operand');
        operand(b, i, x.b, 'right operand');
        break;
      case 'ext': vreg(b, i, x.dst, 'destination'); if (!EXT_KINDS.has(x.kind)) err(b, i, `unknown extension '${x.kind}'`); vreg(b, i, x.a, 'operand'); break;
      case 'load':
        vreg(b, i, x.dst, 'destination');
        if (x.width !== 1 && x.width !== 2 && x.width !== 4) err(b, i, `load width ${x.width}`);
        vreg(b, i, x.addr, 'address');
        if (!isInt32(x.offset)) err(b, i, 'load offset is not a 32-bit integer');
        break;
      case 'store':
        if (x.width !== 1 && x.width !== 2 && x.width !== 4) err(b, i, `store width ${x.width}`);
        operand(b, i, x.src, 'stored value');
        vreg(b, i, x.addr, 'address');
        if (!isInt32(x.offset)) err(b, i, 'store offset is not a 32-bit integer');
        break;
      case 'call':
        if (x.dst !== null) vreg(b, i, x.dst, 'destination');
        if ('r' in x.target) vreg(b, i, x.target.r, 'call target');
        else if (typeof x.target.symbol !== 'string' || !x.target.symbol) err(b, i, 'call without a target');
        x.args.forEach((a, k) => {
          if (typeof a !== 'number') err(b, i, `call argument ${k} is not a vreg (immediates must be put in a vreg)`);
          else vreg(b, i, a, `call argument ${k}`);
        });
        break;
      case 'intrinsic': {
        const spec = INTRINSICS[x.name];
        if (!spec) { err(b, i, `unknown intrinsic '${x.name}'`); break; }
        if (x.args.length < spec.args[0] || x.args.length > spec.args[1]) err(b, i, `@${x.name} takes ${spec.args[0] === spec.args[1] ? spec.args[0] : `${spec.args[0]} to ${spec.args[1]}`} arguments, not ${x.args.length}`);
        x.args.forEach((a, k) => operand(b, i, a, `@${x.name} argument ${k}`));
        if (x.dst !== null) { vreg(b, i, x.dst, 'destination'); if (!spec.value) err(b, i, `@${x.name} produces no value`); }
        if (x.name === 'trap' && x.args[0] && !('imm' in x.args[0])) err(b, i, '@trap code must be an immediate');
        break;
      }
      case 'bounds': vreg(b, i, x.index, 'bounds index'); operand(b, i, x.length, 'bounds length'); break;
      case 'memcpy':
        vreg(b, i, x.dst, 'memcpy destination');
        vreg(b, i, x.src, 'memcpy source');
        if (!Number.isInteger(x.size) || x.size < 0) err(b, i, `memcpy size ${x.size}`);
        break;
      case 'loc':
        if (typeof x.file !== 'string') err(b, i, 'loc without a file');
        if (!Number.isInteger(x.line) || x.line < 0 || !Number.isInteger(x.col) || x.col < 0) err(b, i, `loc ${x.line}:${x.col} is not a position`);
        break;
      default:
        err(b, i, `unknown instruction '${(x as { op: string }).op}'`);
    }
  }
  if (errs.length) return errs;

  // defined before use on every path: forward "definitely defined" dataflow over reachable blocks
  const n = fn.blocks.length;
  const succ = fn.blocks.map((b) => {
    const t = b.term;
    return t.op === 'jmp' ? [byId.get(t.target)!] : t.op === 'br' ? [byId.get(t.then)!, byId.get(t.else)!] : [];
  });
  const reach = new Array<boolean>(n).fill(false);
  const stack = [0];
  reach[0] = true;
  while (stack.length) for (const s of succ[stack.pop()!]!) if (!reach[s]) { reach[s] = true; stack.push(s); }
  const preds: number[][] = fn.blocks.map(() => []);
  succ.forEach((ss, i) => { if (reach[i]) for (const s of ss) preds[s]!.push(i); });
  // bitsets of definitely-defined vregs; every non-entry block starts at "all" and shrinks
  const words = (fn.nvregs + 31) >>> 5;
  const blockDefs = fn.blocks.map((b) => {
    const d = new Uint32Array(words);
    for (const x of b.insts) { const v = defOfInst(x); if (v !== null) d[v >>> 5]! |= 1 << (v & 31); }
    return d;
  });
  const inSets = fn.blocks.map((_, i) => {
    const s0 = new Uint32Array(words);
    if (i === 0) for (const p of fn.params) s0[p >>> 5]! |= 1 << (p & 31);
    else s0.fill(0xffffffff);
    return s0;
  });
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 1; i < n; i++) {
      if (!reach[i]) continue;
      const inn = inSets[i]!;
      const ps = preds[i]!;
      for (let w = 0; w < words; w++) {
        let v = ps.length ? 0xffffffff : 0;
        for (const p of ps) v &= inSets[p]![w]! | blockDefs[p]![w]!;
        v >>>= 0;
        if (v !== inn[w]) { inn[w] = v; changed = true; }
      }
    }
  }
  fn.blocks.forEach((b, bi) => {
    if (!reach[bi]) return;
    const defined = Uint32Array.from(inSets[bi]!);
    const check = (v: number, i: number | null): void => { if (!(defined[v >>> 5]! & (1 << (v & 31)))) err(b, i, `v${v} may be used before it is defined`); };
    b.insts.forEach((x, i) => {
      for (const u of usesOfInst(x)) check(u, i);
      const d = defOfInst(x);
      if (d !== null) defined[d >>> 5]! |= 1 << (d & 31);
    });
    const t = b.term;
    if (t.op === 'br') { check(t.a, null); if ('r' in t.b) check(t.b.r, null); }
    else if (t.op === 'ret') {
      if (t.value && 'r' in t.value) check(t.value.r, null);
      // (an unreachable `ret` after code that always returns is harmless)
      if (fn.returnsValue && !t.value) err(b, null, 'ret without a value in a function that returns one');
      if (!fn.returnsValue && t.value) err(b, null, 'ret with a value in a function that returns none');
    }
  });
  return errs;
}

function defOfInst(x: Inst): VReg | null {
  switch (x.op) {
    case 'store': case 'bounds': case 'memcpy': case 'loc': return null;
    case 'call': case 'intrinsic': return x.dst;
    default: return x.dst;
  }
}

const regsOf = (p: Operand): VReg[] => ('r' in p ? [p.r] : []);

function usesOfInst(x: Inst): VReg[] {
  const o = regsOf;
  switch (x.op) {
    case 'copy': return o(x.src);
    case 'bin': case 'cmp': return [x.a, ...o(x.b)];
    case 'neg': case 'not': case 'ext': return [x.a];
    case 'load': return [x.addr];
    case 'store': return [...o(x.src), x.addr];
    case 'call': return [...('r' in x.target ? [x.target.r] : []), ...x.args];
    case 'intrinsic': return x.args.flatMap(o);
    case 'bounds': return [x.index, ...o(x.length)];
    case 'memcpy': return [x.dst, x.src];
    default: return [];
  }
}
