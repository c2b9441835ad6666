// Vigil's own messages between the client and the server, beyond the standard LSP ones.
import type { Range } from '../engine/types';

/** `initializationOptions` the client sends. */
export interface InitializationOptions {
  /**
   * VS Code workspace trust. When false the workspace's configs may only make the analysis
   * stricter and nothing outside its folders is read (except installed `extends` packages).
   * Missing means trusted (editors without the concept).
   */
  workspaceTrusted?: boolean;
  /**
   * A private directory where the server may keep compiled code between sessions (the
   * extension's global storage). Without it the server caches nothing on disk.
   */
  cacheDirectory?: string;
  /**
   * The client registers `vigil.openRuleDocs` and trusts it in hovers: rule docs links then
   * open through it (`command:` URIs). Missing: links point at the shipped README file.
   */
  openRuleDocsCommand?: boolean;
  /**
   * Where the offline advisory index is (`vigil advisories update` writes it); missing: the
   * CLI's default ($VIGIL_ADVISORIES_DIR, else the user's cache folder). Without an index,
   * manifests and lockfiles get only the checks that need no advisory data.
   */
  advisoriesDirectory?: string;
  /** VS Code's `http.proxy` (else the server's HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply) for the OSV API. */
  proxy?: string;
  /** VS Code's `http.proxyStrictSSL`. */
  proxyStrictSSL?: boolean;
}

/** Server → client notification: what the status bar shows besides the finding counts. */
export const STATUS_NOTIFICATION = 'vigil/status';
export interface ServerStatus {
  /** Analysis has been running for a noticeable time (not flipped for every keystroke). */
  busy: boolean;
  /** Broken config files, each with its first problem. */
  configErrors: { uri: string; message: string }[];
}

/**
 * Client → server request: analyze every supported file of the workspace folders (the same
 * files `vigil scan` would) and publish their diagnostics. Send a `workDoneToken` to get
 * `$/progress` reports; cancel the request to stop the scan.
 */
export const SCAN_WORKSPACE_REQUEST = 'vigil/scanWorkspace';
export interface ScanWorkspaceParams {
  workDoneToken?: string | number;
}
export interface ScanWorkspaceResult {
  /** Files analyzed. */
  files: number;
  /** Of them, the files with findings. */
  filesWithFindings: number;
  findings: number;
  /** Files skipped (too large, binary, excluded by config, unreadable). */
  skipped: number;
  cancelled: boolean;
}

/** Client → server request: the findings the server knows of (open files + last workspace scan) by OWASP category. */
export const OWASP_OVERVIEW_REQUEST = 'vigil/owaspOverview';
export interface OwaspOverviewParams {
  edition?: '2021' | '2025';
}
export interface OwaspOverview {
  edition: '2021' | '2025';
  /** All ten categories of the edition in order, including empty ones. */
  categories: OverviewCategory[];
  /** Files the findings come from. */
  files: number;
}
export interface OverviewCategory {
  /** `A05:2025` */
  id: string;
  name: string;
  findings: OverviewFinding[];
}
export interface OverviewFinding {
  uri: string;
  range: Range;
  ruleId: string;
  title: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
}

/** The code action kind of "fix all Vigil findings" (fix on save via `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.vigil';
