// Reading the built docs site the way a browser gets it: the definition each Redoc page embeds.
import { readFileSync } from 'node:fs';

/** The API definition a Redoc page renders (`const __redoc_definition = {...};` in the page). */
export function embeddedDefinition(file: string): Record<string, unknown> {
  const html = readFileSync(file, 'utf8');
  const match = /const __redoc_definition = (.*);\n/.exec(html);
  if (!match) throw new Error(`${file} embeds no Redoc definition`);
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

/** Fenced code blocks of one language in a markdown text. */
export const codeBlocks = (markdown: string, lang: string): string[] =>
  [...markdown.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

/** Every URL an HTML page would fetch by itself: scripts, styles, images, fonts, frames, CSS imports. */
export function remoteResources(html: string): string[] {
  const found: string[] = [];
  const patterns = [
    /<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc\s*=\s*["']?(https?:[^"'\s>]+)/gi,
    /<link\b[^>]*\bhref\s*=\s*["']?(https?:[^"'\s>]+)/gi,
    /url\(\s*["']?(https?:[^"')]+)/gi,
    /@import\s+["'](https?:[^"']+)/gi,
    /\bimport\s*(?:\{[^}]*\}\s*from\s*)?["'](https?:[^"']+)/g,
  ];
  for (const pattern of patterns) for (const m of html.matchAll(pattern)) found.push(m[1]!);
  return found;
}
