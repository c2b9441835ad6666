import type { CompiledTaintSpec, MemberSource } from '../rules/compiled-spec';
import type { SinkSpec, SourceSpec } from '../rules/spec-types';

/** What the spec says about one callee. */
export interface CalleeFacts {
  sinks: SinkSpec[];
  sanitizer: boolean;
  propagator: boolean;
  source?: SourceSpec;
}

// The same callees (`pool.query`, `NextResponse.json`) and request members come up on every
// keystroke: the spec's answers (regex tests, label templates) are kept per spec. Bounded
// because names are open-ended.
const MAX_ENTRIES = 5000;
const callees = new WeakMap<CompiledTaintSpec, Map<string, CalleeFacts>>();
const members = new WeakMap<CompiledTaintSpec, Map<string, MemberSource | null>>();

export function calleeFacts(spec: CompiledTaintSpec, dotted: string | undefined, method: string | undefined): CalleeFacts {
  const cache = cacheOf(callees, spec);
  // A dotted name fixes the method (its last segment, for a member call); without one, the method alone counts.
  const key = dotted ?? `.${method ?? ''}`;
  let facts = cache.get(key);
  if (!facts) {
    facts = {
      sinks: spec.sinksFor(dotted, method),
      sanitizer: !!dotted && spec.isSanitizer(dotted),
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

function cacheOf<T>(caches: WeakMap<CompiledTaintSpec, Map<string, T>>, spec: CompiledTaintSpec): Map<string, T> {
  let cache = caches.get(spec);
  if (!cache || cache.size > MAX_ENTRIES) caches.set(spec, (cache = new Map()));
  return cache;
}
