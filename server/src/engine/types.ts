// The engine's public vocabulary. Positions are 0-based lines and UTF-16 code-unit characters,
// which is what JavaScript strings, LSP and the TypeScript compiler use; SARIF's 1-based
// positions are derived in text/positions.ts and nowhere else.
import type { SuppressedFinding, SuppressionRecord } from './suppressions/apply';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A replacement of `range` by `newText`, both in the coordinates of the text before the fix. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * Edits to a file other than the analyzed one. `path` is spelled as the analyzed file's path is
 * (`/`-separated; the embedder maps it to a file or URI as it does for that path).
 */
export interface FileChange {
  path: string;
  /** The file does not exist yet: it is created, with the edits applied to empty text. */
  create?: boolean;
  edits: TextEdit[];
}

/** One incremental change as editors send it (LSP `TextDocumentContentChangeEvent`). */
export interface ContentChange {
  /** Absent: `text` replaces the whole document. */
  range?: Range;
  text: string;
}

export type Language = 'python' | 'typescript' | 'typescriptreact' | 'javascript' | 'javascriptreact';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type Confidence = 'high' | 'medium' | 'low';

export type FixKind = 'rewrite' | 'ignore-line' | 'ignore-file' | 'remove-suppression';

export interface Fix {
  title: string;
  kind: FixKind;
  /** The one safe default among a finding's fixes. */
  isPreferred?: boolean;
  edits: TextEdit[];
  /**
   * Edits to other files the fix needs (a new `middleware.ts`, a dependency in `package.json`),
   * in the same edit model. Fix-all on save leaves such fixes to the lightbulb and the CLI.
   */
  files?: FileChange[];
  /** Text in the edits the user is meant to replace (`<reason>`): an editor with snippets selects it. */
  placeholder?: string;
  /**
   * The pattern whose rewrite this is (its `id` in rules/patterns/<language>.json): one rule has
   * several (Flask's `app.run(debug=True)`, Django's `DEBUG = True`), each proven by its own
   * behaviour scenario before fix-all may apply it (test/fixes/fix-all-gate.test.ts).
   */
  variant?: string;
}

/** A step on the way from the user input to the dangerous call, for hovers and related info. */
export interface TaintStep {
  range: Range;
  /** e.g. "request query parameter `email`", "assigned to `query`" */
  label: string;
}

export interface SinkLocation {
  /** The file as traces name it (the CLI's paths are relative to its working folder); absent: the finding's file. */
  path?: string;
  /** 1-based line of the sink call. */
  line: number;
  /** The sink's range in that file, when the analysis kept it. */
  range?: Range;
}

export interface Finding {
  ruleId: string;
  /** Specific: names the source, the sink and the variable. */
  message: string;
  range: Range;
  severity: Severity;
  confidence: Confidence;
  /** The taint source (first step) and the steps after it, in order; empty for pattern rules. */
  path: TaintStep[];
  /** Name of the sink call as written, e.g. `cursor.execute`; absent for pattern rules. */
  sink?: string;
  /**
   * Where the sink call itself is when that is not at `range`: user data passed to a function
   * (`find_products(q)`) whose parameter reaches the sink inside it, in this file or another.
   * Reports end the path here, so code scanning shows the real sink, not the call site.
   */
  sinkLocation?: SinkLocation;
  fixes: Fix[];
  /**
   * `unknown-origin`: the value at the sink is not traced to request data but comes from where Vigil
   * cannot see (a parameter of a function whose callers are out of view); reported only when a config
   * or preset turns the tier on. Absent: the finding's own evidence (a traced source, a pattern).
   */
  tier?: 'unknown-origin';
  /** `unnecessary`: code that can go (an unused suppression); editors fade it. */
  tags?: 'unnecessary'[];
}

/** Something the engine could not do for a file; reported, never thrown at the caller. */
export interface AnalysisNotice {
  kind: 'skipped' | 'parse-error' | 'rule-error';
  /** The rule that failed (rule-error), when the failure can be pinned on one. */
  ruleId?: string;
  message: string;
}

export interface AnalysisResult {
  uri: string;
  version: number;
  findings: Finding[];
  notices: AnalysisNotice[];
  /** Every suppression comment and applicable waiver of the document, with its status. */
  suppressions: SuppressionRecord[];
  /** Findings suppressions hid. */
  suppressed: SuppressedFinding[];
  /** Findings only an expired suppression covers: reported (in `findings`, noted), listed here with it. */
  expired: SuppressedFinding[];
}
