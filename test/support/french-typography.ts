/**
 * French typography: a no-break space (U+00A0, or the narrow U+202F) before : ; ! ? and inside
 * « ». What is not prose is left out first: HTML tags and entities, placeholders ({name}), web
 * addresses and paths with a query (https://…, /register?status=…), and times (10:30).
 */
const NO_BREAK = /[\u00a0\u202f]/;

function prose(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:#\d+|#x[0-9a-f]+|[a-z]+);/gi, ' ')
    .replace(/\{[^}]*\}/g, 'x')
    .replace(/(?:https?:\/\/|mailto:)[^\s\u00a0\u202f]*/g, 'x')
    .replace(/(?<=^|\s)[^\s]*(?:\/[^\s]*\?|\?[\w-]+=)[^\s]*/g, 'x')
    .replace(/\b\d{1,2}:\d{2}\b/g, 'x');
}

/** Each place in text where French typography is broken, with a little context. */
export function frenchTypographyProblems(text: string): string[] {
  const clean = prose(text);
  const problems: string[] = [];
  const around = (i: number) => JSON.stringify(clean.slice(Math.max(0, i - 24), i + 12).trim());
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i]!;
    const before = clean[i - 1];
    // "?!" takes its space before the first sign only.
    const doubled = '!?'.includes(ch) && before !== undefined && '!?'.includes(before);
    if (':;!?»'.includes(ch) && before !== undefined && !NO_BREAK.test(before) && !doubled) {
      problems.push(`no no-break space before ${ch} in ${around(i)}`);
    }
    if (ch === '«' && !NO_BREAK.test(clean[i + 1] ?? '')) problems.push(`no no-break space after « in ${around(i)}`);
  }
  return problems;
}

/**
 * The French a reader of a page meets: text and the attributes read out or shown, without
 * scripts, code samples (the seal's embed code), what screen readers skip (aria-hidden icons)
 * and what people typed (notes and evidence, shown as written: `preserve-lines`).
 */
export function pageProse(html: string): string {
  const attributes = [...html.matchAll(/\s(?:alt|title|aria-label|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const body = html
    .replace(/<(script|style|pre|code|textarea)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<(span|i|b)\b[^>]*aria-hidden="true"[^>]*>[^<]*<\/\1>/g, ' ')
    .replace(/<(\w+)\b[^>]*class="[^"]*\bpreserve-lines\b[^"]*"[^>]*>[^<]*<\/\1>/g, ' ');
  return [body, ...attributes].join('\n');
}
