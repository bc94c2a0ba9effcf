// Page-table walks, on a TLB miss only. x86: two-level 10/10/12 tables with present, writable
// and user bits (supervisor writes honour W, as with CR0.WP set). arm: short descriptors, L1 of
// 4096 entries (1 MiB sections or pointers to L2 tables of 256 entries with 4 KiB small pages),
// AP[2:0] access permissions and XN. The TLB caches one 4 KiB translation per entry with all six
// permission bits, so a later access of another kind hits without a walk.
import { CAUSE } from '../isa/table.ts';
import type { Core } from './core.ts';
import { P_KR, P_KW, P_KX, P_UR, P_UW, P_UX, TLB_SIZE } from './perm.ts';
import { PF_FETCH, PF_PRESENT, PF_USER, PF_WRITE } from './fault.ts';

function readPhys(core: Core, pa: number): number {
  if ((pa & 3) !== 0 || (pa >>> 0) >= core.mem.ramSize) return core.raise(CAUSE.bus, pa, 0);
  return core.mem.ram32[pa >>> 2];
}

function pageFault(core: Core, va: number, need: number, present: boolean): never {
  let info = present ? PF_PRESENT : 0;
  if (need & (P_KW | P_UW)) info |= PF_WRITE;
  if (need & (P_UR | P_UW | P_UX)) info |= PF_USER;
  if (need & (P_KX | P_UX)) info |= PF_FETCH;
  return core.raise(CAUSE.page, va, info);
}

/** arm AP[2:0] to permission bits (read and write, kernel and user). */
const ARM_AP = [0, P_KR | P_KW, P_KR | P_KW | P_UR, P_KR | P_KW | P_UR | P_UW, 0, P_KR, P_KR | P_UR, P_KR | P_UR];

export function walk(core: Core, va: number, need: number): number {
  let frame: number, perm: number;
  if (core.isX86) {
    const ptbr = core.sys[1] & ~0xfff;
    const pde = readPhys(core, ptbr + ((va >>> 22) << 2));
    if ((pde & 1) === 0) return pageFault(core, va, need, false);
    const pte = readPhys(core, (pde & ~0xfff) + (((va >>> 12) & 0x3ff) << 2));
    if ((pte & 1) === 0) return pageFault(core, va, need, false);
    const w = (pde & pte & 2) !== 0, u = (pde & pte & 4) !== 0;
    perm = P_KR | P_KX | (w ? P_KW : 0) | (u ? P_UR | P_UX | (w ? P_UW : 0) : 0);
    frame = pte & ~0xfff;
  } else {
    const l1 = readPhys(core, (core.sys[1] & ~0x3fff) + ((va >>> 20) << 2));
    const type = l1 & 3;
    let ap: number, xn: boolean;
    if (type === 2) { // 1 MiB section
      ap = ((l1 >>> 10) & 3) | ((l1 >>> 13) & 4);
      xn = (l1 & 0x10) !== 0;
      frame = (l1 & 0xfff00000) | (va & 0x000ff000);
    } else if (type === 1) {
      const l2 = readPhys(core, (l1 & ~0x3ff) + (((va >>> 12) & 0xff) << 2));
      if ((l2 & 2) === 0) return pageFault(core, va, need, false);
      ap = ((l2 >>> 4) & 3) | ((l2 >>> 7) & 4);
      xn = (l2 & 1) !== 0;
      frame = l2 & ~0xfff;
    } else return pageFault(core, va, need, false);
    perm = ARM_AP[ap];
    if (!xn) perm |= (perm & P_KR ? P_KX : 0) | (perm & P_UR ? P_UX : 0);
  }
  if ((perm & need) === 0) return pageFault(core, va, need, true);
  const vpn = va >>> 12;
  const s = vpn & (TLB_SIZE - 1);
  core.tlbTag[s] = vpn;
  core.tlbFrame[s] = frame | 0;
  core.tlbPerm[s] = perm;
  return (frame | (va & 0xfff)) | 0;
}
