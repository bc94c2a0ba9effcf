// Generates a large, valid, realistic Fin program (structs, enums, constants, globals, functions
// with loops, switches, pointers and calls) for the speed test and as fuzzing material.

/** About `lines` lines of Fin in one module. */
export function generateProgram(lines: number): string {
  const out: string[] = [
    'import std.io;',
    '',
    'pub const PAGE: u32 = 4096;',
    'const SLOTS: u32 = 16;',
    'pub enum Kind: u8 { Ram = 1, Frame, Device, Other }',
    'struct Node { value: u32, kind: Kind, next: *Node, data: [SLOTS]u16 }',
    'type Visitor = fn(*Node) -> u32;',
    'var head: *Node;',
    'var ticks: u32;',
    'var banner: *u8 = "shoal";',
    '',
  ];
  let i = 0;
  while (out.length < lines) {
    const n = i++;
    out.push(
      `fn visit${n}(n: *Node) -> u32 {`,
      `    var total: u32 = ${n};`,
      '    var p = n;',
      '    while p != null {',
      '        total += p.value * 3 + (p.data[2] as u32);',
      '        if total > PAGE { total -= PAGE; } else if total == 0 { total = 1; }',
      '        p = p.next;',
      '    }',
      '    for i in 0..SLOTS {',
      '        n.data[i] = (i * 2 + 1) as u16;',
      '        ticks += (n.data[i] as u32) << 1;',
      '    }',
      '    switch n.kind {',
      '        case Kind.Ram, Kind.Frame => { total |= 0x10; }',
      '        case Kind.Device => total ^= 0xFF;',
      '        default => { total = total / 2 + total % 7; }',
      '    }',
      `    var arr: [8]u32;`,
      '    var k: u32 = 0;',
      '    loop {',
      '        if k >= 8 { break; }',
      '        arr[k] = k * k - (k & 1);',
      '        k += 1;',
      '    }',
      n > 0 ? `    total += visit${n - 1}(n) & 0xFFFF;` : '    total += 1;',
      '    var q: *u32 = &arr[0];',
      '    total += *(q + 3) + q[4];',
      '    return total + arr[7];',
      '}',
      '',
    );
  }
  out.push(
    'pub fn main() -> i32 {',
    '    var node: Node;',
    '    node.value = 7;',
    '    node.kind = Kind.Ram;',
    '    node.next = null;',
    '    head = &node;',
    `    var v: Visitor = visit${i - 1};`,
    '    io.print(banner);',
    '    return v(head) as i32;',
    '}',
  );
  return out.join('\n') + '\n';
}
