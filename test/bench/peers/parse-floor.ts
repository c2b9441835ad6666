// The parse floor of `npm run bench:peers`: reads the listed files and parses each with the
// parser Vigil uses for it, the same call Vigil makes (tree-sitter-python with one read buffer;
// the TypeScript compiler's createSourceFile with parent pointers, script kind from the
// extension), and does nothing else. Run as its own process so its CPU, wall time and peak RSS
// are measured like the tools'.
//
//   node out/test/bench/peers/parse-floor.js <python|typescript> <file listing one path a line>
import * as fs from 'fs';

type Parse = (text: string, file: string) => unknown;

/** The engine's own parse functions, loaded for one language only (the other's parser stays unloaded). */
function parserFor(language: string): Parse {
  if (language === 'python') {
    const parser = (require('../../../server/src/engine/python/parser') as typeof import('../../../server/src/engine/python/parser')).createParser();
    return (text) => parser.parse(text, undefined, { bufferSize: text.length + 1 });
  }
  const { parse } = require('../../../server/src/engine/typescript/parser') as typeof import('../../../server/src/engine/typescript/parser');
  return (text, file) => parse(text, file);
}

async function main(): Promise<void> {
  const [language, listing] = process.argv.slice(2);
  if ((language !== 'python' && language !== 'typescript') || !listing) {
    console.error('usage: parse-floor.js <python|typescript> <file list>');
    process.exit(2);
  }
  const parse = parserFor(language);
  const files = fs.readFileSync(listing, 'utf8').split('\n').filter(Boolean);
  let parsed = 0;
  for (const [i, file] of files.entries()) {
    const tree = parse(fs.readFileSync(file, 'utf8'), file);
    if (tree) parsed++;
    // As in the CLI: tree-sitter frees a tree's native memory in a finalizer that needs a turn
    // of the event loop.
    if (i % 4 === 3) await new Promise((resolve) => setImmediate(resolve));
  }
  console.log(JSON.stringify({ parsed }));
}

void main();
