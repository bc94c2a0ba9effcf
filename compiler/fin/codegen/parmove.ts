// Sequentialising a parallel move into registers (arm: arguments into r0-r3, parameters out of
// them, syscall arguments): every destination must receive its source's value from before any
// of the moves, so a move waits until no other pending move still reads its destination, and
// a cycle (r0 <-> r1) is broken by parking one value in a temporary register.

export type MoveSource = { k: 'reg'; r: number } | { k: 'other'; emit: (dst: number) => void };
export interface Move { dst: number; src: MoveSource }

export function parallelMove(moves: readonly Move[], mov: (dst: number, src: number) => void, temp: number): void {
  const dsts = new Set<number>();
  for (const m of moves) {
    if (dsts.has(m.dst)) throw new Error(`codegen: parallel move writes register ${m.dst} twice`);
    dsts.add(m.dst);
  }
  const pending = moves.filter((m) => m.src.k === 'reg' && m.src.r !== m.dst).map((m) => ({ dst: m.dst, src: (m.src as { r: number }).r }));
  while (pending.length) {
    const i = pending.findIndex((m) => !pending.some((o) => o !== m && o.src === m.dst));
    if (i >= 0) {
      const m = pending[i]!;
      mov(m.dst, m.src);
      pending.splice(i, 1);
      continue;
    }
    const d = pending[0]!.dst;
    mov(temp, d);
    for (const o of pending) if (o.src === d) o.src = temp;
  }
  // sources that are not registers (memory, immediates) cannot be overwritten by the moves
  for (const m of moves) if (m.src.k === 'other') m.src.emit(m.dst);
}
