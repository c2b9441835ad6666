/**
 * A copy of `s` that does not keep the string it was cut from alive. V8 represents
 * `text.slice(a, b)` (13+ characters) as a view into `text`: a cache keyed by a function's
 * text, or holding a name read from it, would otherwise retain every version of the whole
 * file it ever saw. Concatenating and slicing again makes V8 copy the characters first.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
