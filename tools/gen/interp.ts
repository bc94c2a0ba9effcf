// Writes vm/core/interp.generated.ts: the interpreter's dispatch function, one case per uop,
// from the semantics in vm/isa/table.ts. The shape of the emitted loop is what keeps the VM
// fast (see docs/architecture.md, "The hot loop"): locals for pc and cycles, one typed-array
// slot read per field, no allocation, rare work in ops.ts.
import { CAUSE, FLAG_KIND, type OpDef } from '../../vm/isa/table.ts';
import { FUSED, MACS, STEPS, UOPS, type FusedDef, type MacDef, type StepDef, type UopDef } from '../../vm/isa/uops.ts';
import { LR_REG } from '../../vm/isa/instr.ts';

const A = 'code[i + 1]', B = 'code[i + 2]', C = 'code[i + 3]', D = 'code[i + 4]', E = 'code[i + 5]', LEN = 'code[i + 6]';
const NEXT = `pc = (pc + ${LEN}) | 0;`;
const EA = `const ea = (regs[${B}] + (regs[${C}] << ${E}) + ${D}) | 0;`;

function expr(op: OpDef): string {
  let e = op.expr ?? (op.flagKind === 'sub' ? '(x - y) | 0' : 'x & y');
  for (const h of ['udiv', 'sdiv', 'urem', 'srem']) e = e.replace(`${h}(`, `X.${h}(core, `);
  return e;
}
// rsb computes y - x, so its flags are those of a subtract with the operands swapped
const setFlags = (op: OpDef) => op.name === 'rsb'
  ? `regs[24] = ${FLAG_KIND.sub}; regs[25] = y; regs[26] = x;`
  : `regs[24] = ${FLAG_KIND[op.flagKind ?? 'logic']}; regs[25] = x; regs[26] = y;`;

const COND_EXPR: Record<string, string> = {
  eq: 'fZ(regs)', ne: '!fZ(regs)', lt: 'fLT(regs)', ge: '!fLT(regs)', le: '(fZ(regs) || fLT(regs))', gt: '!(fZ(regs) || fLT(regs))',
  mi: 'fN(regs)', pl: '!fN(regs)', vs: 'fV(regs)', vc: '!fV(regs)',
  x86b: 'fCFx86(regs)', x86ae: '!fCFx86(regs)', x86be: '(fCFx86(regs) || fZ(regs))', x86a: '!(fCFx86(regs) || fZ(regs))',
  armlo: '!fCarm(regs)', armhs: 'fCarm(regs)', armls: '(!fCarm(regs) || fZ(regs))', armhi: '(fCarm(regs) && !fZ(regs))',
};

const LD: Record<number, [string, string]> = { 1: ['core.ld8', '<< 24 >> 24'], 2: ['core.ld16', '<< 16 >> 16'], 4: ['core.ld32', ''] };
const ST: Record<number, string> = { 1: 'core.st8', 2: 'core.st16', 4: 'core.st32' };

/** The body of one case; must end by setting pc (or leaving the loop). */
function body(u: UopDef): string {
  const op = u.op;
  const privCheck = op.priv ? 'if (core.user) X.priv(core); ' : '';
  switch (op.cls) {
    case 'alu': case 'cmp': {
      const write = op.cls === 'alu';
      const fl = u.flags ? ' ' + setFlags(op) : '';
      switch (u.shape) {
        case 'rrr': return `const x = regs[${B}], y = regs[${C}], r = ${expr(op)};${write ? ` regs[${A}] = r;` : ''}${fl} ${NEXT}`;
        case 'rri': return `const x = regs[${B}], y = ${D}, r = ${expr(op)};${write ? ` regs[${A}] = r;` : ''}${fl} ${NEXT}`;
        case 'rm': return `${EA} const x = regs[${A}], y = core.ld32(ea), r = ${expr(op)};${write ? ` regs[${A}] = r;` : ''}${fl} ${NEXT}`;
        case 'mr': return `${EA} const x = core.ld32(ea), y = regs[${A}], r = ${expr(op)};${write ? ' core.st32(ea, r);' : ''}${fl} ${NEXT}`;
        case 'mi': return `${EA} const x = core.ld32(ea), y = ${A}, r = ${expr(op)};${write ? ' core.st32(ea, r);' : ''}${fl} ${NEXT}`;
      }
      throw new Error(`alu shape ${u.shape}`);
    }
    case 'unary': return `const x = regs[${B}]; regs[${A}] = ${op.expr}; ${NEXT}`;
    case 'mov': return u.shape === 'rr' ? `regs[${A}] = regs[${B}]; ${NEXT}` : `regs[${A}] = ${D}; ${NEXT}`;
    case 'movt': return `regs[${A}] = (regs[${A}] & 0xffff) | (${D} << 16); ${NEXT}`;
    case 'load': {
      const [fn, ext] = LD[op.width!];
      return `${EA} regs[${A}] = ${op.signed ? `${fn}(ea) ${ext}` : `${fn}(ea)`}; ${NEXT}`;
    }
    case 'store': return `${EA} ${ST[op.width!]}(ea, regs[${A}]); ${NEXT}`;
    case 'storei': return `${EA} ${ST[op.width!]}(ea, ${A}); ${NEXT}`;
    case 'lea': return `${EA} regs[${A}] = ea; ${NEXT}`;
    case 'push': return `const s = (regs[${B}] - 4) | 0; core.st32(s, regs[${A}]); regs[${B}] = s; ${NEXT}`;
    case 'pushi': return `const s = (regs[${B}] - 4) | 0; core.st32(s, ${A}); regs[${B}] = s; ${NEXT}`;
    case 'pop': return `const s = regs[${B}]; const v = core.ld32(s); regs[${B}] = (s + 4) | 0; regs[${A}] = v; ${NEXT}`;
    // arm push/pop lists, inline (a call per list cost ~3% of fib on arm). push: lowest-numbered
    // register at the lowest address; c holds 4 * the number of registers. sp moves only after
    // every access succeeded, so a fault part-way (pop: some registers already loaded) restarts
    // the instruction cleanly; a popped pc is the return.
    case 'pushm': return `const base = (regs[${B}] - ${C}) | 0; let s = base; for (let m = ${A}; m !== 0; m &= m - 1) { const r = 31 - Math.clz32(m & -m); core.st32(s, r === 15 ? 0 : regs[r]); s = (s + 4) | 0; } regs[${B}] = base; ${NEXT}`;
    case 'popm': return `const sp = ${B}; let s = regs[sp], t = 0, nsp = 0, spl = false; for (let m = ${A}; m !== 0; m &= m - 1) { const r = 31 - Math.clz32(m & -m); const v = core.ld32(s); s = (s + 4) | 0; if (r === 15) t = v; else if (r === sp) { nsp = v; spl = true; } else regs[r] = v; } regs[sp] = spl ? nsp : s; if (${A} & 0x8000) { pc = t; } else { ${NEXT} }`;
    case 'pushf': return `X.pushf(core, ${B}); ${NEXT}`;
    case 'popf': return `X.popf(core, ${B}); ${NEXT} break run;`;
    case 'rdflags': return `regs[${A}] = X.rdflags(core); ${NEXT}`;
    case 'wrflags': return `X.wrflags(core, regs[${B}]); ${NEXT} break run;`;
    case 'jmp': return `pc = (pc + ${D}) | 0;`;
    case 'jcc': return `pc = ${COND_EXPR[u.cond!]} ? (pc + ${D}) | 0 : (pc + ${LEN}) | 0;`;
    case 'jmpr': return `pc = regs[${A}];`;
    case 'call': return `const s = (regs[${B}] - 4) | 0; core.st32(s, (pc + ${LEN}) | 0); regs[${B}] = s; pc = (pc + ${D}) | 0;`;
    case 'callr': return `const t = regs[${A}], s = (regs[${B}] - 4) | 0; core.st32(s, (pc + ${LEN}) | 0); regs[${B}] = s; pc = t;`;
    case 'ret': return `const s = regs[${B}]; const t = core.ld32(s); regs[${B}] = (s + 4) | 0; pc = t;`;
    case 'bl': return `regs[${LR_REG}] = (pc + ${LEN}) | 0; pc = (pc + ${D}) | 0;`;
    case 'blr': return `const t = regs[${A}]; regs[${LR_REG}] = (pc + ${LEN}) | 0; pc = t;`;
    case 'setcc': return `regs[${A}] = X.evalCond(regs, ${C}) ? 1 : 0; ${NEXT}`;
    case 'syscall': return `pc = X.syscall(core, pc, ${LEN}); vpage = -1; if (core.stopped !== null) break run;`;
    case 'brk': return `pc = X.softTrap(core, ${CAUSE.breakpoint}, pc, ${LEN}, ${D}); vpage = -1; if (core.stopped !== null) break run;`;
    case 'trap': return `pc = X.softTrap(core, ${CAUSE.trap}, pc, ${LEN}, ${D}); vpage = -1; if (core.stopped !== null) break run;`;
    case 'udf': return `core.raise(${CAUSE.illegal}, pc);`;
    case 'eret': return `${privCheck}pc = X.eret(core); vpage = -1; break run;`;
    case 'cli': return `${privCheck}core.ie = false; ${NEXT}`;
    case 'sti': return `${privCheck}core.ie = true; ${NEXT} break run;`;
    case 'hlt': return `${privCheck}core.halted = true; ${NEXT} break run;`;
    case 'nop': return NEXT;
    case 'in': return `${privCheck}regs[${A}] = X.portIn(core, ${u.shape === 'r' ? `regs[${B}]` : D}, ${op.width}); ${NEXT}`;
    case 'out': return `${privCheck}X.portOut(core, ${u.shape === 'r' ? `regs[${B}]` : D}, ${op.width}, regs[${A}]); ${NEXT}`;
    case 'rdsys': return `regs[${A}] = X.rdsys(core, ${D}, Math.floor(cyc / CYCLE_UNIT)); ${NEXT}`;
    case 'wrsys': return `${privCheck}X.wrsys(core, ${D}, regs[${B}]); ${NEXT} vpage = -1; break run;`;
    case 'tlbflush': return `${privCheck}core.flushTlb(); ${NEXT} vpage = -1;`;
    case 'tlbflushva': return `${privCheck}${EA} core.flushTlbPage(ea); ${NEXT} vpage = -1;`;
    case 'rdtsc': return `X.rdtsc(core, Math.floor(cyc / CYCLE_UNIT)); ${NEXT}`;
    case 'xchg': return `${EA} const v = core.ld32(ea); core.st32(ea, regs[${A}]); regs[${A}] = v; ${NEXT}`;
    case 'cas': return `const ea = (regs[${B}] + ${D}) | 0; const x = core.ld32(ea), y = regs[${C}], r = (x - y) | 0; if (r === 0) core.st32(ea, regs[${A}]); regs[${C}] = x; ${setFlags(op)} ${NEXT}`;
    case 'bound': return `if ((regs[${B}] >>> 0) >= (${u.shape === 'rr' ? `regs[${C}]` : D} >>> 0)) core.raise(${CAUSE.bounds}, pc); ${NEXT}`;
  }
}

// A fused pair's condition as one comparison of the compare's operands (see FUSED in uops.ts).
const REL_AFTER: Record<string, Record<string, string>> = {
  cmp: {
    eq: 'x === y', ne: 'x !== y', lt: 'x < y', ge: 'x >= y', le: 'x <= y', gt: 'x > y',
    x86b: '(x >>> 0) < (y >>> 0)', x86ae: '(x >>> 0) >= (y >>> 0)', x86be: '(x >>> 0) <= (y >>> 0)', x86a: '(x >>> 0) > (y >>> 0)',
  },
  test: { eq: '(x & y) === 0', ne: '(x & y) !== 0' },
};

function fusedBody(f: FusedDef): string {
  const y = f.first.shape === 'rrr' ? `regs[${C}]` : D;
  return `const x = regs[${B}], y = ${y}; ${setFlags(f.first.op)} pc = ${REL_AFTER[f.first.op.name]![f.cond]} ? (pc + ${A}) | 0 : (pc + ${LEN}) | 0;`;
}

function stepBody(s: StepDef): string {
  const f = s.pair;
  const y = f.first.shape === 'rrr' ? `regs[${E}]` : E;
  return `regs[${A}] = (regs[${A}] + ${D}) | 0; const x = regs[${C}], y = ${y}; ${setFlags(f.first.op)} pc = ${REL_AFTER[f.first.op.name]![f.cond]} ? (pc + ${B}) | 0 : (pc + ${LEN}) | 0;`;
}

function macBody(m: MacDef): string {
  const fl = m.flags ? ` regs[24] = ${FLAG_KIND.add}; regs[25] = x; regs[26] = p;` : '';
  return `const p = Math.imul(regs[${B}], regs[${C}]); regs[${A}] = p; const x = regs[${D}]; regs[${D}] = (x + p) | 0;${fl} ${NEXT}`;
}

export function generateInterpreter(): string {
  const cases = [
    ...UOPS.map((u) => `        case ${u.num}: { // ${u.key}\n          ${body(u)}\n          break;\n        }`),
    ...FUSED.map((f) => `        case ${f.num}: { // ${f.key}\n          ${fusedBody(f)}\n          break;\n        }`),
    ...STEPS.map((s) => `        case ${s.num}: { // ${s.key}\n          ${stepBody(s)}\n          break;\n        }`),
    ...MACS.map((m) => `        case ${m.num}: { // ${m.key}\n          ${macBody(m)}\n          break;\n        }`),
  ].join('\n');
  return `// GENERATED by tools/gen.ts from vm/isa/table.ts: do not edit (npm run gen rewrites it,
// and a test fails when it is stale).
/* eslint-disable */
import type { Core } from './core.ts';
import { FAULT, STOP } from './fault.ts';
import { fZ, fN, fV, fLT, fCFx86, fCarm } from './flags.ts';
import * as X from './ops.ts';
import { CYCLE_UNIT, MAX_RUN } from '../isa/uops.ts';

const NOT_DECODED = new Int32Array(8);

/**
 * Run \`core\` for up to \`budget\` cycles. Returns early when the core halts, stops, changes mode
 * or interrupt state (so the scheduler can deliver interrupts), or the machine stops.
 * Guest faults are delivered as exceptions here; only host bugs escape.
 */
export function run(core: Core, budget: number): void {
  const regs = core.regs;
  let pc = core.pc | 0;
  // cyc counts cycles * CYCLE_UNIT + instructions (see uops.ts)
  let cyc = 0;
  const limit = Math.min(budget, MAX_RUN) * CYCLE_UNIT;
  let vpage = -1;
  let code: Int32Array = NOT_DECODED;
  for (;;) {
    try {
      run: while (cyc < limit) {
        if ((pc & -4096) !== vpage) { code = X.fetchPage(core, pc); vpage = pc & -4096; }
        const i = (pc & 4095) << 3;
        cyc += code[i + 7];
        switch (code[i]) {
        case 0: {
          X.decode(core, code, pc, i);
          continue;
        }
${cases}
        default:
          core.raise(${CAUSE.illegal}, pc);
        }
      }
      break;
    } catch (e) {
      if (e === STOP) break;
      if (e !== FAULT) throw e;
      const f = core.fault;
      f.pc = pc;
      pc = X.fault(core, pc);
      vpage = -1;
      if (core.stopped !== null) break;
    }
  }
  core.pc = pc;
  const n = cyc % CYCLE_UNIT;
  core.cycles += (cyc - n) / CYCLE_UNIT;
  core.instructions += n;
}
`;
}
