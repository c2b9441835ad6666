// node-serialize ships no types (and has no @types package): what the guest cart uses of it.
declare module 'node-serialize' {
  export function serialize(value: unknown): string;
  export function unserialize(text: string): unknown;
}
