// TypeScript shapes of rules/schema/*.schema.json. The schemas are the contract (validated at
// load time); these types only mirror them for the code that reads the data.
import type { Confidence, Severity } from '../types';

export type SpecLanguage = 'python' | 'typescript';
export type Paramstyle = 'qmark' | 'format' | 'numeric' | 'named' | 'dollar';

export interface RuleMeta {
  id: string;
  title: string;
  kind: 'taint' | 'pattern';
  severity: Severity;
  confidence: Confidence;
  owasp: { '2021': string; '2025': string };
  cwe: number[];
  summary: string;
  message: string;
  languages: SpecLanguage[];
  fixTitle?: string;
  tags?: string[];
}

export interface HandlerParamSpec {
  index?: number | '*';
  annotations?: string[];
  names?: string[];
  role: string;
  label?: string;
}

export interface HandlerSpec {
  id: string;
  framework: string;
  match: {
    decorators?: string[];
    exportedFunctions?: string[];
    callbackOf?: string[];
    defaultExport?: boolean;
    directive?: string;
    files?: string[];
  };
  params: HandlerParamSpec[];
  safeAnnotations?: string[];
  safeDefaults?: string[];
  confidence?: Confidence;
}

export interface SourceSpec {
  id: string;
  root?: string;
  members?: string[];
  calls?: string[];
  label: string;
  confidence?: Confidence;
  notFor?: string[];
}

export interface SanitizerSpec {
  id: string;
  calls: string[];
  rules?: string[];
}

export interface PropagatorSpec {
  id: string;
  calls: string[];
}

export interface SinkSpec {
  id: string;
  rule: string;
  calls?: string[];
  methods?: string[];
  /** TS/JS: assigned properties (`innerHTML`) and JSX attributes (`href`, `dangerouslySetInnerHTML.__html`). */
  properties?: string[];
  jsxAttributes?: string[];
  arg: number;
  /** Python: the keyword the same argument may be passed by. */
  keyword?: string;
  /** Only calls whose arguments meet all of these (TS/JS: `keyword` is an options-object property). */
  when?: ArgCondition[];
  position?: 'any' | 'url-origin';
  confidence?: Confidence;
  label?: string;
}

export interface SqlDriverSpec {
  module: string;
  paramstyle: Paramstyle;
  name?: string;
  values?: 'arguments' | 'replacements';
}

export interface TaintSpec {
  language: SpecLanguage;
  handlers?: HandlerSpec[];
  sources?: SourceSpec[];
  sanitizers?: SanitizerSpec[];
  propagators?: PropagatorSpec[];
  sinks?: SinkSpec[];
  sqlDrivers?: SqlDriverSpec[];
  defaultParamstyle?: Paramstyle;
}

// rules/schema/pattern.schema.json

export type LiteralValue = boolean | null | number | string;
export type ValueKind = 'string' | 'template' | 'number' | 'bool' | 'none' | 'list' | 'tuple' | 'dict' | 'set' | 'name' | 'call' | 'other';

export interface ArgCondition {
  arg?: number;
  keyword?: string;
  present?: boolean;
  equals?: LiteralValue;
  notEquals?: LiteralValue;
  kind?: ValueKind[];
  notKind?: ValueKind[];
  text?: string;
  notText?: string;
  mentions?: string;
}

export interface PatternFixSpec {
  renameCall?: string;
  dropArgument?: ArgCondition;
  setKeywords?: Record<string, string>;
  setValue?: string;
  rewrite?: 'argon2-password-hash' | 'secure-random' | 'env-secret' | 'add-helmet' | 'add-csp-next-config' | 'add-csp-middleware' | 'jwt-verify-algorithms' | 'timing-safe-compare';
}

export interface PatternSpec {
  id: string;
  rule: string;
  calls?: string[];
  methods?: string[];
  where?: ArgCondition[];
  assignment?: { target: string; equals?: LiteralValue; kind?: ValueKind[]; moduleLevel?: boolean; text?: string; notText?: string };
  literal?: { text: string; notText?: string };
  comparison?: { mentions: string; notMentions?: string };
  assignedTo?: string;
  unlessFile?: string;
  at?: 'call' | 'callee' | 'argument';
  files?: string[];
  excludeFiles?: string[];
  fix?: PatternFixSpec;
}

export interface MissingAuthSpec {
  rule: string;
  sessionCalls: string[];
  mutationCalls: string[];
  mutationSql?: string;
}

export interface PatternFile {
  language: SpecLanguage;
  patterns: PatternSpec[];
  missingAuth?: MissingAuthSpec;
}
