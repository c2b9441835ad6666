import { escapeXml as escape } from './xml';

// The subset of Markdown the rule docs are written in (headings, paragraphs, lists, fenced code,
// `code`, **bold**, links), as HTML for the self-contained report. Everything is escaped; only
// http(s) links become anchors, so a docs page cannot put script or other schemes into the page.

/** Markdown → HTML; headings are shifted down by `headingOffset` levels to nest in the page. */
export function markdownToHtml(markdown: string, headingOffset = 0): string {
  const out: string[] = [];
  const lines = markdown.split(/\r?\n/);
  let paragraph: string[] = [];
  let list: string[] | undefined;
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    paragraph = [];
    if (list) out.push(`<ul>${list.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`);
    list = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^```(\w*)/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) code.push(lines[i]);
      out.push(`<pre${fence[1] ? ` class="language-${escape(fence[1])}"` : ''}><code>${escape(code.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = Math.min(6, heading[1].length + headingOffset);
      out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
      continue;
    }
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      if (paragraph.length > 0) flush();
      (list ??= []).push(item[1]);
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    // A continuation line belongs to the list item above it, else to the paragraph.
    if (list) list[list.length - 1] += ` ${line.trim()}`;
    else paragraph.push(line.trim());
  }
  flush();
  return out.join('\n');
}

/** `code`, **bold** and links of one block of text, escaped. */
function inline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? `<code>${escape(part.slice(1, -1))}</code>` : prose(part)))
    .join('');
}

function prose(text: string): string {
  let html = escape(text).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  html = html.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>');
  // Bare addresses (the References lists), unless already inside an anchor.
  return html.replace(/(^|[\s(])(https?:\/\/[^\s<)]+)/g, '$1<a href="$2">$2</a>');
}
