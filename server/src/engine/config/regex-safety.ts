/**
 * Why a regular expression from a config must not be used, or undefined when it is fine.
 * Config regexes run on every keystroke over the user's code, so besides compiling they must
 * not backtrack catastrophically: a group with an unbounded quantifier inside that is itself
 * repeated without bound (`(a+)+`, `(\w*)*`, `(?:x|y+){2,}`) is rejected.
 */
export function unsafeRegexReason(source: string): string | undefined {
  try {
    new RegExp(source);
  } catch (e) {
    return `not a valid regular expression: ${(e as Error).message}`;
  }
  return nestedQuantifier(source) ? 'a repeated group that itself contains a repetition (like `(a+)+`) can take exponential time; rewrite it without the nesting' : undefined;
}

/** Scans the pattern once, tracking per open group whether it holds an unbounded quantifier. */
function nestedQuantifier(source: string): boolean {
  const groups: boolean[] = [];
  let holdsRepeat = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      i = classEnd(source, i);
      continue;
    }
    if (c === '(') {
      groups.push(holdsRepeat);
      holdsRepeat = false;
      continue;
    }
    if (c === ')') {
      const inner: boolean = holdsRepeat;
      holdsRepeat = groups.pop() ?? false;
      const repeat = unboundedQuantifierAt(source, i + 1);
      if (repeat && inner) return true;
      holdsRepeat ||= inner || repeat;
      continue;
    }
    if (unboundedQuantifierAt(source, i)) holdsRepeat = true;
  }
  return false;
}

/** Whether an unbounded quantifier (`*`, `+`, `{n,}`, `{n,m}` with m > 1) starts at `i`. */
function unboundedQuantifierAt(source: string, i: number): boolean {
  const c = source[i];
  if (c === '*' || c === '+') return true;
  if (c !== '{') return false;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
  if (!match || match[2] === undefined) return !!match && Number(match[1]) > 1;
  return match[3] === '' || Number(match[3]) > 1;
}

function classEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length;
}
