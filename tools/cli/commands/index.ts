// Every command, one file each. A command registers itself on the program and reports its
// exit code through `done`.
import type { Command } from 'commander';
import { asmCommand } from './asm.ts';
import { linkCommand } from './link.ts';
import { disasmCommand } from './disasm.ts';
import { execCommand } from './exec.ts';
import { machinesCommand } from './machines.ts';
import { demoCommand } from './demo.ts';
import { compileCommand } from './compile.ts';
import { mackerelCommand } from './mackerel.ts';
import { fuguCommand } from './fugu.ts';
import { errnoCommand } from './errno.ts';
import { flounderCommand } from './flounder.ts';
import { buildCommand } from './build.ts';
import { runCommand } from './run.ts';

export type CommandDef = (program: Command, done: (code: number) => void) => void;
export const COMMANDS: CommandDef[] = [compileCommand, asmCommand, linkCommand, disasmCommand, execCommand, machinesCommand, demoCommand, fuguCommand, errnoCommand, flounderCommand, buildCommand, runCommand, mackerelCommand];
