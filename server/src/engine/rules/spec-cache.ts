import type { CompiledTaintSpec, MemberSource } from './compiled-spec';
import type { SinkSpec, SourceSpec } from './spec-types';

/** What the spec says about one callee. */
export interface CalleeFacts {
  sinks: SinkSpec[];
  /** Clears every rule. */
  sanitizer: boolean;
  /** Clears these rules only (`path.basename` clears `path-traversal`). */
  clears?: string[];
  propagator: boolean;
  source?: SourceSpec;
}

// The same callees (`pool.query`, `NextResponse.json`, `session.execute`) and request members come
// up on every keystroke and all over a scan, in both languages: the spec's answers (regex tests, label templates) are kept per spec. Bounded
// because names are open-ended.
const MAX_ENTRIES = 5000;
const callees = new WeakMap<CompiledTaintSpec, Map<string, CalleeFacts>>();
const members = new WeakMap<CompiledTaintSpec, Map<string, MemberSource | null>>();
const rootMembers = new WeakMap<CompiledTaintSpec, Map<string, boolean>>();

export function calleeFacts(spec: CompiledTaintSpec, dotted: string | undefined, method: string | undefined): CalleeFacts {
  const cache = cacheOf(callees, spec);
  // With a method, sinks of that method on any receiver count too: `a.b` asked with and without one are two questions.
  const key = method === undefined ? (dotted ?? '') : `${dotted ?? ''}\u0000${method}`;
  let facts = cache.get(key);
  if (!facts) {
    // A method of a value that has no name (`(a + b).replace(...)`, a template's `.replace`) matches `**.method` sanitizers.
    const sanitized = spec.sanitizedRules(dotted ?? (method ? `(value).${method}` : undefined));
    facts = {
      sinks: spec.sinksFor(dotted, method),
      sanitizer: sanitized === 'all',
      clears: Array.isArray(sanitized) ? sanitized : undefined,
      propagator: !!dotted && spec.isPropagator(dotted),
      source: dotted ? spec.sourceCall(dotted) : undefined,
    };
    cache.set(key, facts);
  }
  return facts;
}

export function memberSource(spec: CompiledTaintSpec, role: string, member: string): MemberSource | undefined {
  const cache = cacheOf(members, spec);
  const key = `${role} ${member}`;
  let source = cache.get(key);
  if (source === undefined) {
    source = spec.memberSource(role, member) ?? null;
    cache.set(key, source);
  }
  return source ?? undefined;
}

/** Whether reading `member` of a role's object depends on which role it is (see CompiledTaintSpec.memberOfSomeRoot). */
export function memberOfSomeRoot(spec: CompiledTaintSpec, member: string): boolean {
  const cache = cacheOf(rootMembers, spec);
  let some = cache.get(member);
  if (some === undefined) cache.set(member, (some = spec.memberOfSomeRoot(member)));
  return some;
}

/** Sinks on assignments to a property (`innerHTML`) and on JSX attributes (`href`, `dangerouslySetInnerHTML.__html`), by name. */
export interface NamedSinks {
  properties: Map<string, SinkSpec[]>;
  jsxAttributes: Map<string, SinkSpec[]>;
}
const named = new WeakMap<CompiledTaintSpec, NamedSinks>();

export function namedSinks(spec: CompiledTaintSpec): NamedSinks {
  let sinks = named.get(spec);
  if (!sinks) {
    sinks = { properties: new Map(), jsxAttributes: new Map() };
    for (const sink of spec.spec.sinks ?? []) {
      // Keyed by the last segment: `ctx.body` is found at `.body =` and then compared whole.
      for (const property of sink.properties ?? []) {
        const name = property.slice(property.lastIndexOf('.') + 1);
        sinks.properties.set(name, [...(sinks.properties.get(name) ?? []), sink]);
      }
      for (const name of sink.jsxAttributes ?? []) sinks.jsxAttributes.set(name, [...(sinks.jsxAttributes.get(name) ?? []), sink]);
    }
    named.set(spec, sinks);
  }
  return sinks;
}

const globals = new WeakMap<CompiledTaintSpec, ReadonlySet<string>>();
/** The first names of `global:` source roots (`location`, `document`), plus the objects that hold globals (`window`). */
export function globalNames(spec: CompiledTaintSpec): ReadonlySet<string> {
  let names = globals.get(spec);
  if (!names) {
    const roots = (spec.spec.sources ?? []).flatMap((s) => (s.root?.startsWith('global:') ? [s.root.slice('global:'.length).split('.')[0]] : []));
    names = new Set(roots.length ? [...roots, 'window', 'globalThis', 'self'] : []);
    globals.set(spec, names);
  }
  return names;
}

function cacheOf<T>(caches: WeakMap<CompiledTaintSpec, Map<string, T>>, spec: CompiledTaintSpec): Map<string, T> {
  let cache = caches.get(spec);
  if (!cache || cache.size > MAX_ENTRIES) caches.set(spec, (cache = new Map()));
  return cache;
}
