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
  /** Other message templates by name, picked by a pattern's `message`. */
  messages?: Record<string, string>;
  languages: SpecLanguage[];
  /** Why a rule checks one language only (required then, by the schema). */
  oneLanguageReason?: string;
  fixTitle?: string;
  tags?: string[];
  /** Texts that differ per language (they name the language's API): override the fields above. */
  byLanguage?: Partial<Record<SpecLanguage, LanguageTexts>>;
  /** What becomes of the rule's findings in test code (rules/test-code.ts): `info` (default) or `off`. */
  testCode?: 'info' | 'off';
  /** The rule may report the unknown-origin tier, at this severity and at most this confidence (taint/unknown-origin.ts). */
  unknownOrigin?: { severity: Severity; confidence: 'medium' | 'low' };
}

export type LanguageTexts = Partial<Pick<RuleMeta, 'summary' | 'message' | 'fixTitle'>>;

/** A rule's summary, message or fix title as shown for a file of `language`. */
export function ruleText(meta: RuleMeta | undefined, language: SpecLanguage, field: keyof LanguageTexts): string | undefined {
  return meta && (meta.byLanguage?.[language]?.[field] ?? meta[field]);
}

export interface HandlerParamSpec {
  index?: number | '*';
  annotations?: string[];
  names?: string[];
  /** TS/JS: only parameters with one of these decorators (`Body` for NestJS's `@Body() dto`). */
  decorators?: string[];
  role: string;
  label?: string;
}

/** TS/JS: a parameter type that makes a function a handler wherever it is declared. */
export interface ParameterTypeSpec {
  type: string;
  modules: string[];
}

/** A call that registers a handler given as one of its arguments, by position or keyword. */
export interface HandlerRegistration {
  calls: string[];
  arg: number;
  keyword?: string;
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
    /** Python: functions whose first parameter has this name (Django views' `request`). */
    firstParam?: string;
    /** TS/JS: functions whose parameters are named like one of these lists (`req|request`, `res|response`), wherever they are declared. */
    parameterNames?: string[][];
    /** TS/JS: functions with a parameter annotated with one of these types, imported from one of its modules. */
    parameterTypes?: ParameterTypeSpec[];
    /** TS/JS: class methods with one of these decorators (`Get` for NestJS's `@Get(':id')`). */
    methodDecorators?: string[];
    /** Only in files importing (TS/JS: or requiring) one of these modules (or a submodule); Python, with `firstParam`: nested functions count too. */
    imports?: string[];
    /** Python: methods of classes deriving from one of these (callee patterns, as written or through imports). */
    classBases?: string[];
    /** Python: only methods with these names (with `classBases`), or any function with these names (`on_get`) in a file that `imports`; a trailing `*` makes a prefix (`on_get_*`). */
    methods?: string[];
    /** Python: functions named where these registration calls take a handler (`app.add_url_rule(rule, view_func=f)`, `path("x/", views.f)`). */
    registeredBy?: HandlerRegistration[];
  };
  params: HandlerParamSpec[];
  safeAnnotations?: string[];
  /** Route placeholders with these converters (`<int:user_id>` of Flask) admit only values of that type: the parameter is not a user string. */
  safeConverters?: string[];
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
  /** Members that are request-like objects of another role (`ctx.request` of Koa is a `request`). */
  memberRoles?: Record<string, string>;
}

export interface SanitizerSpec {
  id: string;
  calls: string[];
  rules?: string[];
}

/** Checks that make a project function a validator of its first argument (taint.schema.json `validators`). */
export interface ValidatorSpec {
  id: string;
  members?: string[];
  calls?: string[];
  rules: string[];
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
  /** A value of unknown origin here is worth reporting in the unknown-origin tier, at most at this confidence. */
  unknownOrigin?: 'medium' | 'low';
  /** The library (`libraries` id) whose objects the sink is called on. */
  library?: string;
  /** Python: `properties` are attributes assigned on a handler parameter of this role (`resp.text = html` of Falcon's `falcon-response`). */
  receiverRole?: string;
  /** Python, with `receiverRole`: only where the function sets the receiver's `property` to a value whose text contains one of `values` (an HTML content type). */
  contentType?: { property: string; values: string[] };
  /** Python: the text a view returns (Flask serves a returned `str` as HTML), in files importing one of these modules. */
  returnedBy?: { imports: string[] };
  label?: string;
  /** The key in the rule's `messages` of the message its findings get instead of the rule's own. */
  message?: string;
  /** The call's value is still built from its arguments (`re.sub` returns the text): matching this sink does not make it clean. */
  passesThrough?: boolean;
  /** TS/JS: the value checked is the method's receiver (`text` of `text.match(PATTERN)`), not argument `arg`. */
  receiver?: boolean;
}

export interface LibrarySpec {
  id: string;
  name: string;
  modules: string[];
  /** Regular expression for the project's own modules that wrap the library. */
  projectModules?: string;
  foreignOptionKeys?: string[];
}

export interface SqlDriverSpec {
  module: string;
  paramstyle: Paramstyle;
  name?: string;
  values?: 'arguments' | 'replacements';
}

/** A framework file's own description (rules/frameworks/<language>/<id>.json). */
export interface FrameworkInfo {
  id: string;
  name: string;
  packages: string[];
  precedence?: number;
  notes?: string;
  /** TS/JS: where authentication can guard a route from outside its handler (missing-auth). */
  routeAuth?: RouteAuthSpec;
}

/** See `routeAuth` in rules/schema/taint.schema.json. */
export interface RouteAuthSpec {
  imports?: string[];
  routes?: string[];
  mounts?: string[];
  authenticators?: string[];
  authenticatorNames?: string;
  middleware?: { files: string[]; sessionCalls: string[]; sessionReads?: string[]; sessionNames?: string; refusals: string[]; wrappers?: string[]; wrapperModules?: string[] };
}

export interface TaintSpec {
  language: SpecLanguage;
  framework?: FrameworkInfo;
  handlers?: HandlerSpec[];
  sources?: SourceSpec[];
  sanitizers?: SanitizerSpec[];
  validators?: ValidatorSpec[];
  propagators?: PropagatorSpec[];
  /** Calls that never return (they raise or throw): a branch ending in one leaves like `raise`. */
  exits?: PropagatorSpec[];
  sinks?: SinkSpec[];
  libraries?: LibrarySpec[];
  sqlDrivers?: SqlDriverSpec[];
  defaultParamstyle?: Paramstyle;
  /** Globs of code the unknown-origin tier leaves out (scripts, migrations, build files). */
  unknownOriginQuietFiles?: string[];
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
  /** No name in the argument matches (absent arguments hold). */
  notMentions?: string;
  /** A string literal that looks like a real credential (see `looksLikeSecret`). */
  secret?: boolean;
  /** The condition is on the method call's receiver (`RE` of `RE.test(s)`) instead of an argument. */
  receiver?: boolean;
  /** A fixed regular expression with catastrophic backtracking (see rules/backtracking.ts): `true` exponential or polynomial, `"exponential"` exponential only. */
  backtracking?: boolean | 'exponential';
}

/** Fixes written in code (one function per name in the language's rewrites). */
export type PatternRewrite =
  // Python
  | 'argon2-password-hash'
  | 'secrets-token'
  | 'hmac-compare-digest'
  | 'jwt-verify'
  | 'ssl-context-verify'
  // Both
  | 'env-allowed-origins'
  // TypeScript / JavaScript
  | 'secure-random'
  | 'env-secret'
  | 'add-helmet'
  | 'add-csp-next-config'
  | 'add-csp-middleware'
  | 'jwt-verify-algorithms'
  | 'timing-safe-compare';

export interface PatternFixSpec {
  renameCall?: string;
  dropArgument?: ArgCondition;
  setKeywords?: Record<string, string>;
  setValue?: string;
  keepKeywords?: Record<string, string>;
  /** With `setValue` on a module-level assignment (Python): the module's assignment to `target` whose value matches `when`, or none, gets `value` too. */
  alsoSet?: { target: string; when: string; value: string };
  replaceCallee?: string;
  rewrite?: PatternRewrite;
  /** This pattern's own fix title, where the rule's `fixTitle` names another fix. */
  title?: string;
  /** What the fix changes on purpose: never preferred, said in its title. */
  changesBehaviour?: string;
}

export interface PatternSpec {
  id: string;
  rule: string;
  calls?: string[];
  methods?: string[];
  where?: ArgCondition[];
  whereAny?: ArgCondition[];
  assignedTo?: string;
  /** With `assignedTo`: the value is one number, so a plural name it goes to counts something unless a collection is built from it. */
  countsAs?: 'number';
  /** Or the call's value is passed (directly or through the local it is assigned to) as this argument of these calls (see pattern.schema.json). */
  orPassedTo?: { calls: string[]; arg: number; keyword?: string };
  unlessFile?: string;
  /** Not reported when the project's manifest declares a version of the package that made the call safe (see pattern.schema.json). */
  unlessDependency?: { package: string; atLeast: string; arg?: number; argText?: string };
  /** Only in files whose text matches this (an Express app that listens or is exported). */
  onlyIfFile?: string;
  ignoreCase?: boolean;
  prefilter?: string;
  assignment?: { target: string; equals?: LiteralValue; kind?: ValueKind[]; text?: string; notText?: string; secret?: boolean; moduleLevel?: boolean };
  comparison?: { operands: string; notOperands?: string };
  assertion?: { mentions: string };
  literal?: { text: string; notText?: string; notIn?: string[] };
  at?: 'call' | 'callee' | 'argument';
  /** The rule's message template (a key of its `messages`) for this pattern's findings. */
  message?: string;
  /** This pattern's severity and confidence, when lower than the rule's (what it sees is less certain). */
  severity?: 'error' | 'warning' | 'info';
  confidence?: 'high' | 'medium' | 'low';
  files?: string[];
  excludeFiles?: string[];
  /** Python: matches in `if __name__ == "__main__":` blocks and development-only functions are reported at this severity (or not at all). */
  developmentEntryPoints?: { severity: 'info' | 'off'; functions?: string };
  /** Python: matches in classes derived from these bases (their body, or also their methods) mean something else there: reported at this severity and message. */
  insideClasses?: { bases: string[]; methods?: boolean; severity: 'warning' | 'info'; message: string };
  fix?: PatternFixSpec;
}

export interface MissingAuthSpec {
  rule: string;
  sessionCalls: string[];
  mutationCalls: string[];
  mutationSql?: string;
  refusal?: string;
  publicRoutes?: string;
}

export interface PatternFile {
  language: SpecLanguage;
  patterns: PatternSpec[];
  missingAuth?: MissingAuthSpec;
}
