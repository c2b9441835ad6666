import type { CompiledHandler, CompiledTaintSpec } from '../rules/compiled-spec';

// Cheap text tests that decide whether a file needs the taint walk at all. A finding needs a
// sink and a source in the same file, and most files being typed (components, hooks, styles)
// have neither a handler nor a browser source: their keystrokes then cost only the parse.

const sinkTests = new WeakMap<CompiledTaintSpec, RegExp | null>();
const sourceTests = new WeakMap<CompiledTaintSpec, Map<string, RegExp | null>>();

const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
const words = (names: Iterable<string>) => `(?<![\\w$])(?:${[...new Set(names)].map(escape).join('|')})(?![\\w$])`;

/**
 * Whether the text names a sink: a call or method name as a whole word (`query`, `readFile`,
 * not `form` for `rm`), an assignment to a sink property (`el.innerHTML =`), a JSX attribute given an
 * expression (`href={`, not `href="/"`). True when a sink pattern ends in a wildcard.
 */
export function mentionsSink(spec: CompiledTaintSpec, text: string): boolean {
  let test = sinkTests.get(spec);
  if (test === undefined) {
    const sinks = spec.spec.sinks ?? [];
    const names = sinks.flatMap((s) => [...(s.methods ?? []), ...(s.calls ?? []).map((c) => c.slice(c.lastIndexOf('.') + 1))]);
    const properties = sinks.flatMap((s) => (s.properties ?? []).map((p) => p.slice(p.lastIndexOf('.') + 1)));
    const attributes = sinks.flatMap((s) => (s.jsxAttributes ?? []).map((a) => a.split('.')[0]));
    const alternatives = names.length ? [words(names)] : [];
    // `el.innerHTML = `, `el['href'] +=`: an assignment to the member, not any mention (`<a href="/">`).
    if (properties.length) alternatives.push(`(?:\\.\\s*|\\[\\s*['"\`])${words(properties)}['"\`]?\\s*\\]?\\s*\\+?=(?!=)`);
    if (attributes.length) alternatives.push(`${words(attributes)}\\s*=\\s*\\{`);
    test = names.some((n) => n === '*' || n === '**') ? null : alternatives.length ? new RegExp(alternatives.join('|')) : /$^/;
    sinkTests.set(spec, test);
  }
  return !test || test.test(text);
}

/**
 * Whether the text can hold a source: a handler the spec describes (an exported `GET`, a
 * default export, a `'use server'` directive, `app.get(` / `addEventListener(`), a browser
 * global with sources (`location`), or a source call (`headers()`). `handlers` are those
 * that apply to the file's path. True when a handler matches on something text cannot show.
 */
export function mentionsSource(spec: CompiledTaintSpec, handlers: readonly CompiledHandler[], text: string): boolean {
  let cache = sourceTests.get(spec);
  if (!cache) sourceTests.set(spec, (cache = new Map()));
  const key = handlers.map((h) => h.spec.id).join('\n');
  let test = cache.get(key);
  if (test === undefined) {
    test = sourceTest(spec, handlers);
    cache.set(key, test);
  }
  return !test || test.test(text);
}

function sourceTest(spec: CompiledTaintSpec, handlers: readonly CompiledHandler[]): RegExp | null {
  // Whole words are one alternative (handlers share theirs: ten Express/Koa shapes name `router`), tried once a position.
  const named: string[] = [];
  const alternatives: string[] = [];
  for (const { spec: handler } of handlers) {
    const m = handler.match;
    const before = named.length + alternatives.length;
    if (m.exportedFunctions?.length) named.push(...m.exportedFunctions);
    if (m.defaultExport) named.push('default');
    if (m.directive) alternatives.push(escape(m.directive));
    // What a signature match needs written: `req, res` next to each other (a lone `next` or `error`
    // is everywhere), a type named with an import of its package, a `@Get` decorator.
    if (m.parameterNames) alternatives.push(...m.parameterNames.map((shape) => withImports(m.imports, parameterList(shape))));
    for (const t of m.parameterTypes ?? []) alternatives.push(withImports(t.modules, words([t.type])));
    if (m.methodDecorators?.length) alternatives.push(`@\\s*${words(m.methodDecorators)}`);
    for (const callee of m.callbackOf ?? []) {
      const literal = callee.split('.').filter((s) => s !== '*' && s !== '**');
      if (!literal.length) return null;
      named.push(literal[0]);
    }
    if (named.length + alternatives.length === before) return null; // e.g. only `files`: every function there is a handler
  }
  for (const source of spec.spec.sources ?? []) {
    if (source.root?.startsWith('global:')) named.push(source.root.slice('global:'.length).split('.')[0]);
    for (const call of source.calls ?? []) {
      const last = call.slice(call.lastIndexOf('.') + 1);
      if (last === '*' || last === '**') return null;
      alternatives.push(`${words([last])}\\s*\\(`);
    }
  }
  if (named.length) alternatives.unshift(words(named));
  return alternatives.length ? new RegExp([...new Set(alternatives)].join('|')) : /$^/;
}

/** The first two parameters of a shape as written in a parameter list (`req, res`, `req: Request, res`); a single one as a word. */
function parameterList(shape: readonly string[]): string {
  return shape
    .slice(0, 2)
    .map((names) => words(names.split('|')))
    .join('\\s*(?::[^,()]*)?,\\s*');
}

/** `pattern`, where the text also names one of the modules in an import or require (a lookahead from the start: tried once). */
function withImports(modules: readonly string[] | undefined, pattern: string): string {
  if (!modules?.length) return pattern;
  return `^(?=[\\s\\S]*?['"\`](?:${modules.map(escape).join('|')})(?:['"\`/]))[\\s\\S]*?${pattern}`;
}
