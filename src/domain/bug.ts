/**
 * Raises a bug: a broken invariant, or an argument no caller may pass (expected outcomes are
 * values: domain/result.ts). On Node it throws an Error, stack and all. The Lua build makes this
 * module Lua's own error() (scripts/tstl_plugin.cjs): a TypeScript Error would have every IVR
 * bundle build TypeScriptToLua's six error classes as it loads, on every call
 * (docs/benchmarks.md, "Call capacity"); the entry script's handler adds the stack
 * (ivr/host/run_entry.ts).
 */
export function bug(message: string): never {
  throw new Error(message);
}
