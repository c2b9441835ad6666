// Drives the VS Code workbench in Chromium through playwright-core. Every step waits for the
// element or state it needs (never a fixed delay). Selectors and key sequences: docs/e2e.md ("Driving the workbench").
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.VIGIL_E2E_CHROMIUM ?? '/usr/bin/chromium';
/** How long a squiggle may take to appear after its file opens (extension start included). */
export const SQUIGGLE_TIMEOUT = 20_000;
const STEP_TIMEOUT = 20_000;
/**
 * The lightbulb waits for every code-action provider, and in the first TS file that includes the
 * built-in TypeScript server loading its project: 8-15 s seen on 2 busy shared cores. (code-server
 * has no --disable-extension to switch it off.) A long timeout costs nothing when it passes.
 */
const LIGHTBULB_TIMEOUT = 60_000;

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Opens the workbench on a workspace and waits until its explorer lists the workspace. */
export async function openWorkbench(browser, workspaceUrl) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(workspaceUrl);
  await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 30_000 });
  return page;
}

const editorSelector = (relPath) => `.editor-group-container .monaco-editor[data-uri$="${encodeURI(relPath)}"]`;

/** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor to be focused. */
export async function openFile(page, relPath) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('Control+P');
  // After a webview (Markdown preview) closes, the keyboard focus can be nowhere and Ctrl+P
  // goes unheard: give the workbench the focus with a harmless click and ask again.
  if (!(await input.waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
    await page.locator('.part.sidebar .title-label').first().click({ timeout: STEP_TIMEOUT });
    await page.keyboard.press('Control+P');
    await input.waitFor({ timeout: STEP_TIMEOUT });
  }
  await input.fill(relPath);
  const name = relPath.split('/').pop();
  const dir = relPath.split('/').slice(0, -1).join('/');
  // The first result must be the file itself before Enter opens it (results arrive async).
  const first = page.locator('.quick-input-list .monaco-list-row').first();
  await first.filter({ hasText: name }).filter({ hasText: dir }).waitFor({ timeout: STEP_TIMEOUT });
  await page.keyboard.press('Enter');
  const editor = page.locator(editorSelector(relPath));
  await editor.locator('.view-lines .view-line').first().waitFor({ timeout: STEP_TIMEOUT });
  await page.locator(`${editorSelector(relPath)}.focused`).waitFor({ timeout: STEP_TIMEOUT });
  return editor;
}

/**
 * Opens a file at the workspace root by clicking its explorer row: the explorer follows the file
 * watcher, while Quick Open's file list may not know a file created a moment ago.
 */
export async function openFromExplorer(page, name) {
  // Folders expanded to reveal earlier files can push a root file out of the rendered
  // (virtualized) rows: collapse them first, so every root entry is on screen.
  await runCommand(page, 'Collapse Folders in Explorer');
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click({ timeout: STEP_TIMEOUT });
  await page.locator(editorSelector(name)).locator('.view-lines .view-line').first().waitFor({ timeout: STEP_TIMEOUT });
  return page.locator(editorSelector(name));
}

/** Moves the cursor to a 1-based line (Ctrl+G), which scrolls it into view. */
export async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: STEP_TIMEOUT });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  await page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line},` }).waitFor({ timeout: STEP_TIMEOUT });
}

/**
 * In the editor of `relPath`, the error squiggle on the rendered line that contains `lineText`:
 * its bounding box, or null. Monaco renders spaces as U+00A0, hence the normalization.
 */
function squiggleOnLine(args) {
  const editor = document.querySelector(args.selector);
  if (!editor) return null;
  const text = (el) => (el.textContent ?? '').replace(/\u00a0/g, ' ');
  const line = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => text(l).includes(args.lineText));
  if (!line) return args.wantPresent ? null : { absent: true, reason: 'line not rendered' };
  const lr = line.getBoundingClientRect();
  const squiggle = [...editor.querySelectorAll(`.view-overlays .squiggly-${args.severity}`)]
    .map((s) => s.getBoundingClientRect())
    .find((r) => r.width > 0 && r.top < lr.bottom - 1 && r.bottom > lr.top + 1);
  if (args.wantPresent) return squiggle ? { x: squiggle.x, y: squiggle.y, width: squiggle.width, height: squiggle.height } : null;
  return squiggle ? null : { absent: true };
}

/** Waits for an error squiggle on the line containing `lineText`; returns its box. */
export async function waitForSquiggle(page, relPath, lineText, { timeout = SQUIGGLE_TIMEOUT, severity = 'error' } = {}) {
  const handle = await page.waitForFunction(squiggleOnLine, { selector: editorSelector(relPath), lineText, severity, wantPresent: true }, { timeout });
  return handle.jsonValue();
}

/** Waits until the line containing `lineText` is rendered and has no error squiggle. */
export async function waitForNoSquiggle(page, relPath, lineText, { timeout = STEP_TIMEOUT, severity = 'error' } = {}) {
  await page.locator(editorSelector(relPath)).locator('.view-lines .view-line', { hasText: lineText }).first().waitFor({ timeout });
  await page.waitForFunction(squiggleOnLine, { selector: editorSelector(relPath), lineText, severity, wantPresent: false }, { timeout });
}

/** Waits until a rendered line of the editor contains `text`. */
export async function waitForLine(page, relPath, text, { timeout = STEP_TIMEOUT } = {}) {
  await page.waitForFunction(
    (args) => {
      const editor = document.querySelector(args.selector);
      return !!editor && [...editor.querySelectorAll('.view-lines .view-line')].some((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ').includes(args.text));
    },
    { selector: editorSelector(relPath), text },
    { timeout },
  );
}

/** Hovers the middle of the squiggle's first 40 px; resolves with the hover text once it holds every `needles`. */
export async function hoverText(page, box, needles) {
  const hover = page.locator('.monaco-hover:not(.hidden)');
  // The mouse may already rest on that spot (an earlier step's hover or Quick Fix in another file
  // was there): a move onto the same point is no event, and no hover comes. So from a neutral spot
  // onto it, and once more if the hover does not show.
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(1390, 450);
    await page.mouse.move(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2 - 4);
    try {
      await hover.first().waitFor({ timeout: STEP_TIMEOUT / 2 });
      break;
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
  try {
    await page.waitForFunction(
      (want) => {
        const text = [...document.querySelectorAll('.monaco-hover:not(.hidden)')].map((h) => h.innerText).join('\n');
        return want.every((n) => text.includes(n));
      },
      needles,
      { timeout: STEP_TIMEOUT },
    );
  } catch (e) {
    const text = (await hover.allInnerTexts()).join('\n');
    throw new Error(`hover does not contain ${JSON.stringify(needles)}; it reads:\n${text}`);
  }
  return (await hover.allInnerTexts()).join('\n');
}

/** Closes any hover: mouse to a neutral spot, then Escape. */
export async function closeHover(page) {
  await page.mouse.move(1390, 450);
  await page.keyboard.press('Escape');
  await page.locator('.monaco-hover:not(.hidden)').waitFor({ state: 'detached', timeout: STEP_TIMEOUT }).catch(() => undefined);
  await page.locator('.monaco-hover:not(.hidden)').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
}

/**
 * Puts the cursor inside the squiggle, waits for the lightbulb, opens the Quick Fix menu
 * (Ctrl+.) and returns the titles of its rows.
 */
export async function openQuickFix(page, box) {
  await page.mouse.click(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2 - 4);
  await closeHover(page);
  await page.locator('.lightBulbWidget').first().waitFor({ timeout: LIGHTBULB_TIMEOUT });
  await page.keyboard.press('Control+.');
  const rows = page.locator('.action-widget .monaco-list-row');
  await rows.first().waitFor({ timeout: STEP_TIMEOUT });
  return (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))).filter(Boolean);
}

/** With the Quick Fix menu open, moves the focus to the row titled `title` and applies it (Enter). */
export async function applyQuickFix(page, title) {
  const rows = page.locator('.action-widget .monaco-list-row');
  const count = await rows.count();
  for (let i = 0; i <= count; i++) {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label');
    if (focused === title) {
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT }).catch(async () => {
        await page.locator('.action-widget').waitFor({ state: 'detached', timeout: 1 });
      });
      return;
    }
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(
      (prev) => document.querySelector('.action-widget .monaco-list-row.focused')?.getAttribute('aria-label') !== prev,
      focused,
      { timeout: STEP_TIMEOUT },
    );
  }
  throw new Error(`no Quick Fix row titled ${JSON.stringify(title)}`);
}

/**
 * Saves the active editor. VS Code itself saves a file that a code action edited while it was
 * clean (`files.refactoring.autoSave`, on by default), so Ctrl+S is pressed only if the tab is
 * still dirty; callers then wait for the content on disk (waitForFile).
 */
export async function save(page) {
  if ((await page.locator('.tabs-container .tab.active.dirty').count()) > 0) await page.keyboard.press('Control+S');
  await page.locator('.tabs-container .tab.active:not(.dirty)').waitFor({ timeout: STEP_TIMEOUT });
}

/** Runs a command by its title from the Command Palette (F1). */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: STEP_TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: title }).waitFor({ timeout: STEP_TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
}

/** Resolves with the text of the status bar item matching `pattern` once one shows. */
export async function statusBarText(page, pattern, { timeout = STEP_TIMEOUT } = {}) {
  const handle = await page.waitForFunction(
    (source) => {
      const re = new RegExp(source);
      const item = [...document.querySelectorAll('.statusbar-item')].map((e) => (e.textContent ?? '').trim()).find((t) => re.test(t));
      return item ?? null;
    },
    pattern.source,
    { timeout },
  );
  return handle.jsonValue();
}

/** Resolves with the text of a notification toast matching `pattern` once one shows. */
export async function notificationText(page, pattern, { timeout = 60_000 } = {}) {
  const toast = page.locator('.notification-toast', { hasText: pattern }).first();
  await toast.waitFor({ timeout });
  return toast.innerText();
}

/** The rows of a tree view (by its pane title) once one matches `pattern`: their text. */
export async function treeRows(page, paneTitle, pattern, { timeout = STEP_TIMEOUT } = {}) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: paneTitle }) });
  await pane.locator('.monaco-list-row', { hasText: pattern }).first().waitFor({ timeout });
  return pane.locator('.monaco-list-row').allInnerTexts();
}
