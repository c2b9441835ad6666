// A downloaded script handed straight to an interpreter (`curl … | sh`, `bash <(curl …)`,
// `sh -c "$(wget -O- …)"`): whatever the server sends that moment runs, unchecked.

const FETCH = String.raw`(?:curl|wget|iwr|Invoke-WebRequest|irm|Invoke-RestMethod)\b`;
const RUNNER = String.raw`(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\S+=\S*\s+)*)?(?:ba|z|da|k|fi)?sh|python[23]?|node|perl|ruby|iex|Invoke-Expression`;

const PATTERNS = [
  // curl -fsSL https://x/install.sh | sh -s -- --yes
  new RegExp(String.raw`\b${FETCH}[^|;&\n]*\|\s*(?:${RUNNER})(?![\w.-])`),
  // bash <(curl -s https://x), source <(curl …)
  new RegExp(String.raw`(?:\b(?:ba|z)?sh|\bsource|(?:^|\s)\.)\s+<\(\s*${FETCH}`),
  // sh -c "$(curl -fsSL https://x)"
  new RegExp(String.raw`\b(?:ba|z|da)?sh\s+-c\s+["']?\$\(\s*${FETCH}`),
];

/** Where in `command` a download is piped into a shell: [start, end) of the match, or undefined. */
export function downloadPipedToShell(command: string): [number, number] | undefined {
  for (const pattern of PATTERNS) {
    const match = pattern.exec(command);
    if (match) return [match.index, match.index + match[0].length];
  }
  return undefined;
}
