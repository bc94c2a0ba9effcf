// The one place colours come from: on only when the stream is a terminal (and NO_COLOR unset).
import pc from 'picocolors';

const on = (s: NodeJS.WriteStream) => Boolean(s.isTTY) && !process.env.NO_COLOR;
const wrap = (enabled: boolean) => ({
  red: (t: string) => (enabled ? pc.red(t) : t),
  yellow: (t: string) => (enabled ? pc.yellow(t) : t),
  green: (t: string) => (enabled ? pc.green(t) : t),
  dim: (t: string) => (enabled ? pc.dim(t) : t),
  bold: (t: string) => (enabled ? pc.bold(t) : t),
  cyan: (t: string) => (enabled ? pc.cyan(t) : t),
});
export const out = wrap(on(process.stdout));
export const err = wrap(on(process.stderr));

/** Print diagnostics `path:line:col: error: message` to stderr, colouring only the word. */
export function printDiagnostics(lines: string[]): void {
  for (const l of lines) process.stderr.write(l.replace(/: (error|warning): /, (_m, w: string) => `: ${w === 'error' ? err.red(w) : err.yellow(w)}: `) + '\n');
}
