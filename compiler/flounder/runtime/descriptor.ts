// The shape of the interface descriptor every generated TS stub file exports: the messages with
// their numbers, directions and argument types, as data a host tool can walk (e.g. to print or
// fuzz messages) without parsing the interface again.
import type { ArgType, Direction } from '../model.ts';

export interface ArgDescriptor { name: string; typeName: string; type: ArgType }

export interface MessageDescriptor {
  name: string;
  number: number;
  kind: 'message' | 'call' | 'response';
  rpc?: string;
  direction: Direction;
  args: ArgDescriptor[];
}

export interface InterfaceDescriptor {
  name: string;
  description: string;
  messages: MessageDescriptor[];
  rpcs: { name: string; call: string; response: string }[];
}
