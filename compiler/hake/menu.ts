// menu.lst, as shoal writes and reads it: Barrelfish's GRUB-legacy boot menu (`title`, `kernel`,
// `module` lines with arguments) with two shoal extensions — a `machine` line naming the machine
// preset, and one `kernel` line per personality (the first is the boot core's). A binary's
// personality is the first component of its path, as in Barrelfish's `/x86_64/sbin/cpu`.
// docs/boot.md describes the format; this file is its one implementation.
import { ARCHITECTURES, type HakeArch } from './records.ts';

export interface MenuEntry { kind: 'kernel' | 'module'; path: string; arch: HakeArch; args: string[]; line: number }
export interface Menu { title?: string; machine?: string; entries: MenuEntry[] }

export function formatMenu(menu: Omit<Menu, 'entries'> & { entries: Omit<MenuEntry, 'line'>[] }, origin: string): string {
  const out = [`# Written by Hake from ${origin}; do not edit (docs/boot.md)`, 'timeout 0'];
  if (menu.title) out.push(`title   ${menu.title}`);
  if (menu.machine) out.push(`machine ${menu.machine}`);
  for (const e of menu.entries) out.push([e.kind.padEnd(7), e.path, ...e.args].join(' '));
  return out.join('\n') + '\n';
}

export function parseMenu(text: string, file: string): { menu?: Menu; diagnostics: string[] } {
  const menu: Menu = { entries: [] };
  const diagnostics: string[] = [];
  const err = (line: number, col: number, msg: string) => diagnostics.push(`${file}:${line}:${col}: error: ${msg}`);
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const col = raw.indexOf(trimmed) + 1;
    const [word, ...rest] = trimmed.split(/\s+/);
    switch (word) {
      case 'timeout': case 'root': return; // GRUB's; nothing to do in a VM
      case 'title': menu.title = rest.join(' '); return;
      case 'machine':
        if (rest.length !== 1) return err(line, col, '`machine` takes one machine preset name');
        menu.machine = rest[0]; return;
      case 'kernel': case 'module': {
        const [path, ...args] = rest;
        if (!path) return err(line, col, `\`${word}\` needs the path of a binary`);
        const arch = path.split('/')[1] as HakeArch;
        if (!path.startsWith('/') || !(ARCHITECTURES as readonly string[]).includes(arch)) {
          return err(line, raw.indexOf(path) + 1, `binary path "${path}" must start with /x86/ or /arm/, naming its personality`);
        }
        if (word === 'kernel' && menu.entries.some((e) => e.kind === 'kernel' && e.arch === arch)) {
          return err(line, col, `a second ${arch} kernel; there is one kernel line per personality`);
        }
        menu.entries.push({ kind: word, path, arch, args, line });
        return;
      }
      default: err(line, col, `unknown menu.lst command \`${word}\` (shoal reads timeout, title, root, machine, kernel, module)`);
    }
  });
  if (!diagnostics.length && !menu.entries.some((e) => e.kind === 'kernel')) err(1, 1, 'no `kernel` line');
  return diagnostics.length ? { diagnostics } : { menu, diagnostics };
}
