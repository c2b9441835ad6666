import type * as ts from 'typescript';
import {
  SyntaxKind,
  isCallExpression,
  forEachChild,
  isArrayLiteralExpression,
  isBinaryExpression,
  isBlock,
  isClassStaticBlockDeclaration,
  isComputedPropertyName,
  isElementAccessExpression,
  isExpression,
  isIdentifier,
  isJsxAttribute,
  isJsxExpression,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isPropertyDeclaration,
  isShorthandPropertyAssignment,
  isSpreadAssignment,
  isSpreadElement,
  isStringLiteral,
  isTypeNode,
  isVariableDeclarationList,
} from './compiler';
import { allHold, compileConditions } from '../rules/compiled-patterns';
import { fillLabel } from '../rules/compiled-spec';
import { argLookup } from './arg-values';
import { tableCandidates } from './dispatch-tables';
import { CLEAN, clearFor, isTainted, sourceTaint, union, withStep, type Taint } from '../taint/taint';
import { builtInto } from '../taint/unknown-origin';
import { replacementSanitizes } from '../taint/replacements';
import type { HandlerPosition } from './handlers';
import { sanitizeHtmlFixes } from './html-fix';
import { QUERY_KEYS, checkCallSinks, checkSinks, reportSink } from './sinks';
import { calleeFacts, globalNames, namedSinks } from '../rules/spec-cache';
import { OWN_URL_MEMBERS, URL_ORIGIN, USER_URL_PARTS, builtStringTaint, isAbsoluteUrlLiteral, restoreOrigin, urlPartLead, type UrlPart } from './url-origin';
import { dottedName, isFunctionNode, memberName, rootName, skipOuter } from './syntax';
import type { TaintWalker } from './taint-walker';
import { fieldVariable } from './instance-fields';

/** Built-in methods whose result is built from their arguments as well as their receiver. */
const COMBINING_METHODS = new Set(['concat', 'join', 'replace', 'replaceAll', 'padStart', 'padEnd']);
/** Array methods whose callback receives the elements: a tainted array taints its first parameter. */
const ELEMENT_CALLBACKS = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'findLast', 'findIndex', 'some', 'every']);
/** React's raw HTML attribute: its fix wraps the value in DOMPurify. */
const DANGEROUS_HTML = 'dangerouslySetInnerHTML.__html';
/** Members holding the request headers (`req.headers`, `ctx.header`). */
const HEADER_MAPS = new Set(['headers', 'header']);
/** Array methods that put their arguments into the receiver. */
const MUTATING_METHODS = new Set(['push', 'unshift']);

/** A route parameter's pattern that admits only digits, hex or a UUID (`:id(\\d+)`, `:ref([0-9a-f-]{36})`). */
const TYPED_PARAM = /^(?:\\d|\[(?:0-9|a-f|A-F|\\d|-)+\])(?:\+|\{\d+(?:,\d*)?\})$/;

/**
 * Whether `<x>.params.<name>` is read in a handler whose route (the string first argument of the
 * call registering it: `app.get('/avatar/:id(\\d+)', (req, res) => …)`) constrains the parameter to digits, hex or a UUID.
 */
function isTypedRouteParam(base: ts.Expression, name: string): boolean {
  if (!isPropertyAccessExpression(base) || base.name.text !== 'params' || !isIdentifier(skipOuter(base.expression))) return false;
  for (let node: ts.Node | undefined = base.parent; node; node = node.parent) {
    if (!isFunctionNode(node)) continue;
    const call = node.parent;
    if (!call || !isCallExpression(call) || !call.arguments.includes(node as ts.Expression)) return false;
    const route = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
    if (!route || !(isStringLiteral(route) || isNoSubstitutionTemplateLiteral(route))) return false;
    const match = new RegExp(`:${name.replace(/\$/g, '\\$')}\\(([^)]*)\\)`).exec(route.text);
    return !!match && TYPED_PARAM.test(match[1]);
  }
  return false;
}

/** `text.replace(/[^a-z0-9-]/g, '')` as TS/JS writes it: the regex source and flags, and the replacement's text. */
function replaceParts(node: ts.CallExpression): { source: string; flags: string; replacement: string } | undefined {
  const [pattern, replacement] = node.arguments.map((a) => skipOuter(a));
  if (!pattern || !replacement || pattern.kind !== SyntaxKind.RegularExpressionLiteral) return undefined;
  if (!isStringLiteral(replacement) && !isNoSubstitutionTemplateLiteral(replacement)) return undefined;
  const text = (pattern as ts.RegularExpressionLiteral).text;
  const slash = text.lastIndexOf('/');
  return { source: text.slice(1, slash), flags: text.slice(slash + 1), replacement: replacement.text };
}

/** What `x.replace(pattern, replacement)` leaves safe (see replacementClears in the taint folder). */
function replacementClears(node: ts.CallExpression): readonly string[] | undefined {
  const parts = replaceParts(node);
  if (!parts || (!parts.flags.includes('g') && !isReplaceAll(node))) return undefined;
  return replacementSanitizes(parts.source, parts.replacement);
}

function isReplaceAll(node: ts.CallExpression): boolean {
  return isPropertyAccessExpression(node.expression) && node.expression.name.text === 'replaceAll';
}

/** A value in a string being built, with the text it is known to start with when tainted (`request.nextUrl.pathname`: `/`). */
function urlValue(node: ts.Expression, taint: Taint): UrlPart {
  const lead = isTainted(taint) ? urlPartLead(node) : undefined;
  return lead === undefined ? { taint } : { taint, lead };
}

/**
 * The taint of an expression, evaluated in the walker's current environment. Evaluation has
 * the effects the code has on variables (assignments, `arr.push(x)`), walks nested functions
 * where they are written and checks every call against the sinks on the way.
 */
export class ExpressionEvaluator {
  constructor(private readonly w: TaintWalker) {}

  /** `position` places a function (or the callback arguments of a call) for handler matching. */
  expr(node: ts.Expression | undefined, position?: HandlerPosition): Taint {
    if (!node) return CLEAN;
    const w = this.w;
    switch (node.kind) {
      case SyntaxKind.Identifier:
        return w.lookup((node as ts.Identifier).text);
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NumericLiteral:
      case SyntaxKind.BigIntLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
      case SyntaxKind.RegularExpressionLiteral:
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
      case SyntaxKind.NullKeyword:
      case SyntaxKind.ThisKeyword:
      case SyntaxKind.SuperKeyword:
        return CLEAN;
      case SyntaxKind.TemplateExpression: {
        const template = node as ts.TemplateExpression;
        const taints = template.templateSpans.map((span) => this.expr(span.expression));
        if (!taints.some(isTainted)) return CLEAN;
        const parts: UrlPart[] = [{ text: template.head.text }];
        template.templateSpans.forEach((span, i) => parts.push(urlValue(span.expression, taints[i]), { text: span.literal.text }));
        return builtInto(builtStringTaint(parts));
      }
      case SyntaxKind.TaggedTemplateExpression: {
        // sql`...${x}` and prisma.$queryRaw`...` bind their values: the result is not query text.
        const tagged = node as ts.TaggedTemplateExpression;
        this.expr(tagged.tag);
        const inner = this.expr(tagged.template);
        return dottedName(tagged.tag) === 'String.raw' ? inner : CLEAN;
      }
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.SatisfiesExpression:
      case SyntaxKind.NonNullExpression:
      case SyntaxKind.TypeAssertionExpression:
        return this.expr((node as ts.ParenthesizedExpression).expression, position);
      case SyntaxKind.AwaitExpression:
        return this.expr((node as ts.AwaitExpression).expression);
      case SyntaxKind.PropertyAccessExpression:
      case SyntaxKind.ElementAccessExpression:
        return this.member(node as ts.PropertyAccessExpression | ts.ElementAccessExpression);
      case SyntaxKind.CallExpression:
        return this.call(node as ts.CallExpression, position);
      case SyntaxKind.NewExpression:
        return this.newExpression(node as ts.NewExpression);
      case SyntaxKind.BinaryExpression:
        return this.binary(node as ts.BinaryExpression);
      case SyntaxKind.ConditionalExpression:
        return this.conditional(node as ts.ConditionalExpression);
      case SyntaxKind.PrefixUnaryExpression:
      case SyntaxKind.PostfixUnaryExpression:
        // `!x`, `-x`, `+x` (a numeric cast), `i++`: booleans and numbers.
        this.expr((node as ts.PrefixUnaryExpression).operand);
        return CLEAN;
      case SyntaxKind.TypeOfExpression:
      case SyntaxKind.VoidExpression:
      case SyntaxKind.DeleteExpression:
        this.expr((node as ts.TypeOfExpression).expression);
        return CLEAN;
      case SyntaxKind.ArrayLiteralExpression:
        return union(...(node as ts.ArrayLiteralExpression).elements.map((e) => this.expr(e)));
      case SyntaxKind.ObjectLiteralExpression:
        return this.objectLiteral(node as ts.ObjectLiteralExpression);
      case SyntaxKind.SpreadElement:
        return this.expr((node as ts.SpreadElement).expression);
      case SyntaxKind.ArrowFunction:
      case SyntaxKind.FunctionExpression:
        w.analyzeFunction(node as ts.ArrowFunction, position);
        return CLEAN;
      case SyntaxKind.ClassExpression:
        this.classMembers(node as ts.ClassExpression);
        return CLEAN;
      default:
        // JSX, yield, import.meta and the like: walk inside for calls and nested functions.
        this.visitChildren(node);
        return CLEAN;
    }
  }

  /** `a.b`, `a['b']`, `a[i]`: a request member is a source; otherwise the member of a tainted value is tainted. */
  private member(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): Taint {
    if (isElementAccessExpression(node)) this.expr(node.argumentExpression); // a tainted key does not taint the value it picks
    const name = memberName(node);
    const base = skipOuter(node.expression);
    // `req.params.file` after `if (!ALLOWED.includes(req.params.file)) return …`: what the check proved.
    if (name !== undefined && isPropertyAccessExpression(node) && isPropertyAccessExpression(base)) {
      const dotted = dottedName(node);
      const root = dotted?.split('.', 1)[0];
      const kept = dotted && root && this.w.roleOf(root) ? this.w.pathValue(dotted) : undefined;
      if (kept !== undefined) return kept;
    }
    if (name !== undefined && isIdentifier(base)) {
      const role = this.w.roleOf(base.text);
      if (role) {
        const source = this.w.memberSource(role, name, node);
        return OWN_URL_MEMBERS.has(name) ? clearFor(source, [URL_ORIGIN]) : source;
      }
    }
    // `this.filter` that this method or another of the class set.
    if (name !== undefined && base.kind === SyntaxKind.ThisKeyword && isPropertyAccessExpression(node)) {
      const kept = this.w.fieldValue(node, name);
      if (isTainted(kept)) return kept;
    }
    const nested = name !== undefined ? this.w.roleOfExpression(base) : undefined;
    if (nested) return this.w.memberSource(nested, name!, node);
    const global = name !== undefined ? this.globalRoot(base) : undefined;
    if (global) return this.w.memberSource(global, name!, node);
    let taint = this.expr(node.expression);
    // `req.params.id` under `app.get('/avatar/:id(\\d+)', …)`: the router matched only digits.
    if (name !== undefined && isTainted(taint) && isTypedRouteParam(base, name)) return CLEAN;
    if (name !== undefined && USER_URL_PARTS.has(name)) taint = restoreOrigin(taint);
    // The Host header names this server (the request reached it): no origin a redirect could be sent to.
    if (name === 'host' && HEADER_MAPS.has(memberName(base) ?? '')) taint = clearFor(taint, [URL_ORIGIN]);
    return name === 'length' ? CLEAN : this.w.extendSource(taint, node.expression, node);
  }

  private call(node: ts.CallExpression, position?: HandlerPosition): Taint {
    const w = this.w;
    const callee = skipOuter(node.expression);
    const dotted = dottedName(callee);
    const isMethod = isPropertyAccessExpression(callee) || isElementAccessExpression(callee);
    const method = isMethod ? memberName(callee) : undefined;
    // The callee's own taint: a request member (`request.json`) or the receiver of a method;
    // for `promise.then(cb)` the promise's value, which `cb` receives.
    const isThen = method === 'then' && isPropertyAccessExpression(callee);
    const calleeTaint = isThen ? this.expr(callee.expression) : isMethod ? this.member(callee) : isIdentifier(callee) ? CLEAN : this.expr(callee);
    // `send(url)` of `function withRetry(send, url)`: the caller chooses the function, not the global or import of that name (see checkParamCalls).
    const param = isIdentifier(callee) && w.parameterOf(callee.text) ? callee.text : undefined;
    const facts = param ? NO_FACTS : this.calleeFacts(dotted, method);
    const sinks = w.checksSinks && facts.sinks.length ? facts.sinks.filter((s) => w.isRuleEnabled(s.rule)) : [];
    const argPosition: HandlerPosition = position ?? { kind: 'callback', callee: dotted };
    const elements = method && (isThen || ELEMENT_CALLBACKS.has(method)) && isTainted(calleeTaint) ? [calleeTaint] : undefined;

    let callbackReturns: Taint | undefined;
    const args: Taint[] = [];
    for (const arg of node.arguments) {
      const inner = skipOuter(arg);
      if (isFunctionNode(inner)) {
        // Only the first callback gets the elements (`then`'s second one gets the error).
        const returned = w.analyzeFunction(inner, argPosition, args.length === 0 ? elements : undefined);
        if (args.length === 0) callbackReturns = returned;
        args.push(CLEAN);
      } else if (isObjectLiteralExpression(inner) && sinks.some((s) => s.arg === args.length && s.rule === 'sql-injection')) {
        // pool.query({ sql, values }) / client.query({ text, values }): only the query text counts.
        args.push(this.objectLiteral(inner, QUERY_KEYS));
      } else {
        if (isIdentifier(inner)) w.referencedFunction(inner.text, argPosition);
        args.push(this.expr(arg));
      }
    }
    if (sinks.length) checkSinks(w, node, sinks, args, calleeTaint);
    if (w.paramCallRecorder) this.recordParamCall(callee, param, args, node);

    if (facts.sanitizer) return CLEAN;
    // `slug.replace(/[^a-z0-9-]/g, '')` keeps letters, digits and dashes only; `term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')` escapes a regex.
    const replaced = method === 'replace' || method === 'replaceAll' ? replacementClears(node) : undefined;
    if (replaced) return clearFor(union(calleeTaint, ...args.map(builtInto)), [...new Set([...replaced, ...(facts.clears ?? [])])]);
    // `name.replace(/[\r\n]/g, '')` is clean for a log line, still user data for every other rule:
    // for a method the value cleaned is the receiver.
    if (facts.clears) return clearFor(union(calleeTaint, ...args), facts.clears);
    const source = facts.source;
    if (source) {
      const taint = sourceTaint(w.step(node, fillLabel(source.label, { name: dotted!, member: dotted! })), source.confidence ?? 'high');
      return source.notFor ? clearFor(taint, source.notFor) : taint; // `cookies()` feeds no log injection, `useSearchParams()` no SSRF
    }
    // `handlers[kind](input)`, `run(input)` after `const run = handlers[kind]`: each function of the table is called.
    if (isElementAccessExpression(callee) || (isIdentifier(callee) && w.isLocal(callee.text))) {
      const dispatch = tableCandidates(callee, w);
      if (dispatch) {
        w.usesFunction(w.facts.tables.get(dispatch.table)!);
        for (const fn of dispatch.functions) {
          w.usesFunction(fn);
          checkCallSinks(w, node, `${dispatch.table}[…]`, w.summaries.of(fn).sinks, args);
        }
      }
    }
    if (isIdentifier(callee) && !w.isLocal(callee.text)) {
      const returned = w.summaries.call(callee.text, node, args);
      if (returned) return returned;
    }
    if (isPropertyAccessExpression(callee)) {
      const fn = w.classMethod(callee);
      if (fn) return w.summaries.callFunction(fn, w.text(callee).replace(/\s+/g, ''), node, args);
    }
    if (w.input.modules) {
      const returned = w.importedFunctions.call(callee, node, args);
      if (returned) return returned;
    }
    if (facts.propagator) return union(calleeTaint, ...args);
    if (method && isMethod) {
      if (MUTATING_METHODS.has(method)) {
        const root = rootName(callee.expression);
        if (root && isTainted(union(...args))) w.assign(root, union(w.lookup(root), ...args));
        return CLEAN;
      }
      if ((method === 'map' || method === 'flatMap' || isThen) && callbackReturns) return callbackReturns;
      if (method === 'map' && node.arguments[0] && calleeFacts(w.spec, dottedName(node.arguments[0]), undefined).sanitizer) return CLEAN; // ids.map(Number)
      if (COMBINING_METHODS.has(method)) return union(calleeTaint, ...args.map(builtInto));
    }
    return w.extendSource(calleeTaint, callee, node);
  }

  /** In a summary's walk, a parameter called as a function: `send(url)`, `send.call(this, url)` (the arguments after `this`). */
  private recordParamCall(callee: ts.Expression, param: string | undefined, args: readonly Taint[], node: ts.CallExpression): void {
    const w = this.w;
    const list = node.arguments;
    let name = param;
    let skip = 0;
    if (!name && isPropertyAccessExpression(callee) && callee.name.text === 'call' && isIdentifier(skipOuter(callee.expression))) {
      name = (skipOuter(callee.expression) as ts.Identifier).text;
      skip = 1;
    }
    if (!name) return;
    const passed: [number, Taint][] = [];
    for (let i = skip; i < list.length && !isSpreadElement(list[i]); i++) if (isTainted(args[i])) passed.push([i - skip, args[i]]);
    if (passed.length) w.paramCallRecorder!(name, passed, node);
  }

  /**
   * What the spec says of a callee; where it names no sink as written, what it says of the name
   * the callee was imported as (`fileSystem.writeFile` of `import * as fileSystem from 'fs'` is
   * `fs.writeFile`, `run` of `const { exec: run } = require('child_process')` is `child_process.exec`).
   */
  private calleeFacts(dotted: string | undefined, method: string | undefined): ReturnType<typeof calleeFacts> {
    const facts = calleeFacts(this.w.spec, dotted, method);
    if (!dotted) return facts;
    const canonical = this.w.importedCallee(dotted);
    if (!canonical) return facts;
    const aliased = calleeFacts(this.w.spec, canonical, method);
    if (!aliased.sinks.length) return facts;
    // A sink of any receiver's method (`RE.exec(text)`) does not hide the imported one's (`proc.exec(cmd)` of child_process).
    const extra = aliased.sinks.filter((s) => !facts.sinks.includes(s));
    return extra.length ? { ...facts, sinks: [...facts.sinks, ...extra] } : facts;
  }

  private newExpression(node: ts.NewExpression): Taint {
    const w = this.w;
    if (!isIdentifier(node.expression)) this.expr(node.expression);
    const args = (node.arguments ?? []).map((a) => this.expr(a));
    const dotted = dottedName(node.expression);
    // new URL(path, base): the base chooses the origin, unless the path is absolute (`https://x`, `//x`),
    // which overrides it. A path with a constant start (`/api/items/${id}`) already cleared its own values.
    if (dotted === 'URL' && args.length > 1 && isAbsoluteUrlLiteral(node.arguments![0])) args[1] = clearFor(args[1], [URL_ORIGIN]);
    const facts = calleeFacts(w.spec, dotted, undefined);
    // new Function(body), new vm.Script(code): constructors named by a sink's `calls`.
    const sinks = w.checksSinks && facts.sinks.length ? facts.sinks.filter((s) => s.calls && w.isRuleEnabled(s.rule)) : [];
    if (sinks.length) checkSinks(w, node, sinks, args);
    if (facts.clears) return clearFor(union(...args), facts.clears);
    return facts.propagator && !facts.sanitizer ? union(...args) : CLEAN; // new URL(request.url)
  }

  /** `global:location` for `location` / `window.location` when the spec has sources there and no local shadows the name. */
  private globalRoot(base: ts.Expression): string | undefined {
    // Cheap test first: this runs on every member read.
    let first = base;
    while (isPropertyAccessExpression(first)) first = first.expression;
    if (!isIdentifier(first) || !globalNames(this.w.spec).has(first.text)) return undefined;
    let name = dottedName(base);
    if (!name) return undefined;
    name = name.replace(/^(?:window|globalThis|self)\.(?=.)/, '');
    const root = `global:${name}`;
    if (!this.w.spec.hasRoot(root)) return undefined;
    return this.w.owner(name.split('.')[0]) ? undefined : root;
  }

  /** `el.innerHTML = html`, `el.outerHTML += html`: assignments to a sink property. */
  private propertySink(target: ts.Expression, value: ts.Expression, taint: Taint): void {
    const w = this.w;
    if (!isTainted(taint) || !w.checksSinks) return;
    const left = skipOuter(target);
    const name = isPropertyAccessExpression(left) || isElementAccessExpression(left) ? memberName(left) : undefined;
    const sinks = name !== undefined ? namedSinks(w.spec).properties.get(name) : undefined;
    if (!sinks) return;
    const dotted = dottedName(left);
    for (const sink of sinks) {
      // `innerHTML` on any element; a dotted property (`ctx.body` of Koa) only on that object.
      const named = sink.properties!.some((p) => p === name || p === dotted);
      // `when` reads the assigned value as argument 0 (`ctx.body = { rows }` is JSON, not HTML).
      if (sink.when && !allHold(compileConditions(sink.when), argLookup([value], w.sf))) continue;
      if (named && w.isRuleEnabled(sink.rule)) reportSink(w, sink, value, taint, w.text(left).replace(/\s+/g, ''));
    }
  }

  /** `href={url}`, `dangerouslySetInnerHTML={{ __html: html }}`: JSX attributes whose value is a sink. */
  private jsxAttribute(node: ts.JsxAttribute): void {
    const w = this.w;
    const init = node.initializer;
    const expression = init && isJsxExpression(init) ? init.expression : undefined;
    if (!expression) return;
    const name = node.name.getText(w.sf);
    const sinks = w.checksSinks ? namedSinks(w.spec).jsxAttributes : undefined;
    const inner = skipOuter(expression);
    // `{{ __html: html }}`: each property evaluated once, those named by a sink (`dangerouslySetInnerHTML.__html`) checked.
    const taint = isObjectLiteralExpression(inner)
      ? this.objectLiteral(inner, undefined, (key, value, taint) => {
          const list = sinks?.get(`${name}.${key}`);
          for (const sink of list ?? []) {
            if (!w.isRuleEnabled(sink.rule)) continue;
            const fixes = sink.jsxAttributes?.includes(DANGEROUS_HTML) ? () => sanitizeHtmlFixes(w, value) : undefined;
            reportSink(w, sink, value, taint, `${name}.${key}`, fixes);
          }
        })
      : this.expr(expression);
    for (const sink of sinks?.get(name) ?? []) if (w.isRuleEnabled(sink.rule)) reportSink(w, sink, expression, taint, name);
  }

  private binary(node: ts.BinaryExpression): Taint {
    const w = this.w;
    const op = node.operatorToken.kind;
    switch (op) {
      case SyntaxKind.EqualsToken: {
        const value = this.expr(node.right);
        this.propertySink(node.left, node.right, value);
        this.assignTo(node.left, value, 'assigned to');
        return value;
      }
      case SyntaxKind.PlusEqualsToken:
      case SyntaxKind.QuestionQuestionEqualsToken:
      case SyntaxKind.BarBarEqualsToken:
      case SyntaxKind.AmpersandAmpersandEqualsToken: {
        const before = this.expr(node.left);
        const added = this.expr(node.right);
        const value = union(before, added);
        this.propertySink(node.left, node.right, added);
        this.assignTo(node.left, value, op === SyntaxKind.PlusEqualsToken ? 'appended to' : 'assigned to');
        return value;
      }
      case SyntaxKind.PlusToken: {
        // `a + b + c + ...` nests to the left: walked in a loop, so a long chain cannot overflow the stack.
        const operands: ts.Expression[] = [];
        let left: ts.Expression = node;
        while (isBinaryExpression(left) && left.operatorToken.kind === SyntaxKind.PlusToken) {
          operands.push(left.right);
          left = left.left;
        }
        operands.push(left);
        operands.reverse();
        const taints = operands.map((o) => (isTextLiteral(o) ? CLEAN : this.expr(o)));
        if (!taints.some(isTainted)) return CLEAN;
        return builtInto(builtStringTaint(operands.map((o, i) => (isTextLiteral(o) ? { text: (skipOuter(o) as ts.StringLiteral).text } : urlValue(o, taints[i])))));
      }
      case SyntaxKind.CommaToken:
        this.expr(node.left);
        return this.expr(node.right);
      case SyntaxKind.AmpersandAmpersandToken:
      case SyntaxKind.BarBarToken:
      case SyntaxKind.QuestionQuestionToken: {
        // The right side runs only sometimes: on a fork, narrowed by the left side where it tells something.
        const left = this.expr(node.left);
        let right = CLEAN;
        const fork = w.branch(() => {
          if (op !== SyntaxKind.QuestionQuestionToken) w.narrow(node.left, op === SyntaxKind.AmpersandAmpersandToken);
          right = this.expr(node.right);
        });
        w.frame.env.join([fork]);
        return union(left, right);
      }
      default:
        if (isAssignmentOperator(op)) {
          // `-=`, `*=`, `<<=`...: numbers.
          this.expr(node.right);
          this.assignTo(node.left, CLEAN, 'assigned to');
          return CLEAN;
        }
        // Comparisons, arithmetic, `in`, `instanceof`: booleans and numbers.
        this.expr(node.left);
        this.expr(node.right);
        return CLEAN;
    }
  }

  private conditional(node: ts.ConditionalExpression): Taint {
    const w = this.w;
    this.expr(node.condition);
    let whenTrue = CLEAN;
    let whenFalse = CLEAN;
    const yes = w.branch(() => {
      w.narrow(node.condition, true);
      whenTrue = this.expr(node.whenTrue);
    });
    const no = w.branch(() => {
      w.narrow(node.condition, false);
      whenFalse = this.expr(node.whenFalse);
    });
    w.frame.env.join([yes, no], true);
    return union(whenTrue, whenFalse);
  }

  /** Assignment to a name, a member (`body.sql = x` taints `body`) or a destructuring pattern. */
  assignTo(target: ts.Expression | ts.ForInitializer, taint: Taint, verb: string): void {
    const w = this.w;
    if (isVariableDeclarationList(target)) return;
    const node = skipOuter(target);
    if (isIdentifier(node)) {
      w.assign(node.text, isTainted(taint) ? withStep(taint, w.step(node, `${verb} \`${node.text}\``)) : CLEAN);
    } else if (isPropertyAccessExpression(node) && skipOuter(node.expression).kind === SyntaxKind.ThisKeyword) {
      // `this.filter = req.query.q`: the field, as this function leaves it, is read by the class's other methods.
      w.set(w.frame, fieldVariable(node.name.text), isTainted(taint) ? withStep(taint, w.step(node, `${verb} \`this.${node.name.text}\``)) : taint, false);
    } else if (isPropertyAccessExpression(node) || isElementAccessExpression(node)) {
      if (isElementAccessExpression(node)) this.expr(node.argumentExpression);
      const root = rootName(node);
      if (root && isTainted(taint)) w.assign(root, union(w.lookup(root), withStep(taint, w.step(node, `${verb} \`${w.text(node)}\``))));
    } else if (isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (isShorthandPropertyAssignment(property)) this.assignTo(property.name, union(taint, this.expr(property.objectAssignmentInitializer)), verb);
        else if (isPropertyAssignment(property)) this.assignTo(property.initializer, taint, verb);
        else if (isSpreadAssignment(property)) this.assignTo(property.expression, taint, verb);
      }
    } else if (isArrayLiteralExpression(node)) {
      for (const element of node.elements) this.assignTo(isSpreadElement(element) ? element.expression : element, taint, verb);
    } else if (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.EqualsToken) {
      this.assignTo(node.left, union(taint, this.expr(node.right)), verb); // a default in a destructuring assignment
    }
  }

  /** The union of the property values; with `keys`, of those properties only (and spreads). `onProperty` sees each named `key: value`. */
  objectLiteral(node: ts.ObjectLiteralExpression, keys?: ReadonlySet<string>, onProperty?: (key: string, value: ts.Expression, taint: Taint) => void): Taint {
    let all = CLEAN;
    for (const property of node.properties) {
      let value = CLEAN;
      let key: string | undefined;
      if (isPropertyAssignment(property)) {
        if (isComputedPropertyName(property.name)) this.expr(property.name.expression);
        else key = property.name.text;
        value = this.expr(property.initializer);
        if (onProperty && key !== undefined) onProperty(key, property.initializer, value);
      } else if (isShorthandPropertyAssignment(property)) {
        key = property.name.text;
        value = this.w.lookup(key);
      } else if (isSpreadAssignment(property)) {
        value = this.expr(property.expression);
      } else if (isFunctionNode(property)) {
        this.w.analyzeFunction(property);
      }
      if (!keys || key === undefined || keys.has(key)) all = union(all, value);
    }
    return all;
  }

  classMembers(node: ts.ClassLikeDeclaration): void {
    const walk = () => {
      for (const member of node.members) {
        if (isFunctionNode(member)) this.w.analyzeFunction(member);
        else if (isPropertyDeclaration(member)) this.expr(member.initializer);
        else if (isClassStaticBlockDeclaration(member)) this.w.statements(member.body.statements);
      }
    };
    if (this.w.inSummary) walk();
    else this.w.fields.walkClass(node, walk);
  }

  private visitChildren(node: ts.Node): void {
    forEachChild(node, (child) => {
      if (isTypeNode(child)) return;
      if (isJsxAttribute(child)) return this.jsxAttribute(child);
      if (isExpression(child)) this.expr(child);
      else if (isBlock(child)) this.w.statements(child.statements);
      else this.visitChildren(child);
    });
  }
}

/** What the spec says of a callee it says nothing of. */
const NO_FACTS: ReturnType<typeof calleeFacts> = { sinks: [], sanitizer: false, propagator: false };

/** A string literal without substitutions: text of a `+` chain rather than a value. */
function isTextLiteral(node: ts.Expression): boolean {
  const e = skipOuter(node);
  return isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e);
}

function isAssignmentOperator(op: SyntaxKind): boolean {
  return op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment;
}
