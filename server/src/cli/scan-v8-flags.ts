// A scan is a few seconds of code run over many files, most of it the TypeScript compiler's
// parser and the engine's walks. V8's optimizing compiler, started at its default budget (132 KB
// of bytecode run per function), spent more CPU in its background threads compiling them than
// the optimized code saved. At eight times the budget it is left the really hot functions:
// `bench:peers`, --jobs 1, CPU medians of 3 rounds (2026-12-06, docs/benchmarks.md): dispatch
// 6.76 -> 4.15 s, polar 10.41 -> 9.01 s, outline/shared 3.54 -> 2.40 s, medusa modules 3.19 -> 2.44 s.
// The language server, which runs for hours, keeps V8's default; the peers bench gives the
// parse floor the same flags, so the floor is not handicapped by them.
export const SCAN_V8_FLAGS = '--interrupt-budget=1081344';
