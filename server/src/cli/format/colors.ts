/** ANSI styles for text output; all identity functions when colour is off. */
export interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLORED: Palette = {
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  blue: sgr(34, 39),
  cyan: sgr(36, 39),
  green: sgr(32, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
  underline: sgr(4, 24),
};

const identity = (text: string) => text;
const PLAIN: Palette = { red: identity, yellow: identity, blue: identity, cyan: identity, green: identity, dim: identity, bold: identity, underline: identity };

export function palette(color: boolean): Palette {
  return color ? COLORED : PLAIN;
}

/**
 * Colour only for a terminal, and never when the user opted out: --no-color or the NO_COLOR
 * convention (https://no-color.org: any non-empty value).
 */
export function shouldColor(options: { isTTY: boolean; noColorFlag: boolean; writingToFile: boolean; env: NodeJS.ProcessEnv }): boolean {
  return options.isTTY && !options.noColorFlag && !options.writingToFile && !options.env.NO_COLOR;
}
