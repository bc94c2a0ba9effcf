// The register-space interface generated TypeScript accessors talk to: a device argument (an
// MMIO window or an I/O port range) or a user-declared space, addressed by offset (bytes for
// byte-wise spaces, indexes for value-wise ones). The VM's device models implement it as well.
// Generated code imports this file by a relative path; it must import nothing outside runtime/.

export interface RegisterSpace {
  read8(offset: number): number;
  read16(offset: number): number;
  read32(offset: number): number;
  write8(offset: number, value: number): void;
  write16(offset: number, value: number): void;
  write32(offset: number, value: number): void;
  /** 64-bit access when the space has it natively (e.g. MSRs); otherwise two 32-bit halves,
   *  low half first at `offset`, high half at `offset + 4` */
  read64?(offset: number): bigint;
  write64?(offset: number, value: bigint): void;
}

export function read64(space: RegisterSpace, offset: number): bigint {
  if (space.read64) return space.read64(offset);
  const lo = space.read32(offset) >>> 0;
  const hi = space.read32(offset + 4) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

export function write64(space: RegisterSpace, offset: number, value: bigint): void {
  const v = BigInt.asUintN(64, value);
  if (space.write64) { space.write64(offset, v); return; }
  space.write32(offset, Number(v & 0xffffffffn));
  space.write32(offset + 4, Number(v >> 32n));
}

/** A little-endian register file in memory: offsets are byte offsets into the view. */
export class DataViewSpace implements RegisterSpace {
  constructor(readonly view: DataView, readonly base = 0) {}
  read8(offset: number): number { return this.view.getUint8(this.base + offset); }
  read16(offset: number): number { return this.view.getUint16(this.base + offset, true); }
  read32(offset: number): number { return this.view.getUint32(this.base + offset, true); }
  write8(offset: number, value: number): void { this.view.setUint8(this.base + offset, value); }
  write16(offset: number, value: number): void { this.view.setUint16(this.base + offset, value, true); }
  write32(offset: number, value: number): void { this.view.setUint32(this.base + offset, value >>> 0, true); }
  read64(offset: number): bigint { return this.view.getBigUint64(this.base + offset, true); }
  write64(offset: number, value: bigint): void { this.view.setBigUint64(this.base + offset, BigInt.asUintN(64, value), true); }
}
