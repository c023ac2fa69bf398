// The guides and the index page: markdown under docs/ (and spec/NOTES.md for the decisions) rendered
// with marked into self-contained HTML: inline style, system fonts, no script, nothing remote.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Marked } from 'marked';
import { root } from '../lib/paths.mjs';

/** The guides, in reading order. `intro` is shown right under the page's title; `label` shortens it in the header. */
export const GUIDES = [
  { source: 'docs/quick-start.md', output: 'quick-start.html' },
  { source: 'docs/receiving-webhooks.md', output: 'receiving-webhooks.html' },
  { source: 'docs/testing.md', output: 'testing.html' },
  { source: 'spec/NOTES.md', intro: 'docs/decisions.md', output: 'decisions.html', label: 'Decisions' },
];

/** The reference pages Redoc builds; the sandbox's only when its document exists. */
const REFERENCES = [
  {
    output: 'rest.html',
    title: 'REST API reference',
    text: 'Every Z-API operation: parameters, bodies, answers, and the client call and curl for each.',
  },
  {
    output: 'webhooks.html',
    title: 'Webhook reference',
    text: 'Every webhook Z-API sends, one entry per dispatcher event (`ReceivedCallback.image`), with example payloads.',
  },
  {
    output: 'sandbox.html',
    title: 'Sandbox control API',
    text: 'The `/_sandbox/` paths of `zapi-mock sandbox`: play contacts, the phone and a flaky network in your tests.',
    sandbox: true,
  },
];

/** Where a markdown link to a source file goes in the site. */
const siteLinks = new Map([...GUIDES.map((g) => [path.join(root, g.source), g.output]), [path.join(root, 'docs/index.md'), 'index.html']]);

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const slug = (text) =>
  text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z]+;/g, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-');

/** A marked instance for one source file: links to other sources become links to their pages. */
function markdown(sourceFile) {
  const where = path.relative(root, sourceFile);
  const pageOf = (href) => {
    if (/^([a-z]+:|#)/i.test(href)) return href;
    const [target, hash] = href.split('#');
    const page = siteLinks.get(path.resolve(path.dirname(sourceFile), target)) ?? (/^[\w-]+\.html$/.test(target) ? target : undefined);
    if (!page) throw new Error(`${where}: link ${href} goes to no page of the docs site`);
    return hash ? `${page}#${hash}` : page;
  };
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading({ tokens, depth }) {
        const html = this.parser.parseInline(tokens);
        return `<h${depth} id="${slug(html)}">${html}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const text = this.parser.parseInline(tokens);
        return `<a href="${escapeHtml(pageOf(href))}"${title ? ` title="${escapeHtml(title)}"` : ''}>${text}</a>`;
      },
      image({ href }) {
        throw new Error(`${where}: image ${href}: the guides carry no images (a remote one would load from the network)`);
      },
    },
  });
  return marked;
}

const STYLE = `
:root { color-scheme: light; --fg: #1d1d1f; --muted: #5b5b66; --line: #e2e2e8; --accent: #0b6bcb; --code: #f4f4f7; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); }
header { border-bottom: 1px solid var(--line); padding: 0.6rem 1.5rem; display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; align-items: baseline; }
header .home { font-weight: 700; color: var(--fg); margin-right: 0.8rem; }
header a { color: var(--muted); text-decoration: none; font-size: 0.95rem; }
header a:hover, header a[aria-current] { color: var(--accent); }
main { max-width: 920px; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 1rem 0; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid var(--line); padding-bottom: 0.3rem; }
a { color: var(--accent); }
code { font: 0.88em/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: var(--code); padding: 0.9rem 1rem; border-radius: 8px; overflow-x: auto; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; font-size: 0.9rem; display: block; overflow-x: auto; margin: 1rem 0; }
th, td { border: 1px solid var(--line); padding: 0.4rem 0.6rem; vertical-align: top; text-align: left; }
th { background: #fafafc; }
blockquote, .intro { margin: 1rem 0; padding: 0.6rem 1rem; border-left: 4px solid var(--accent); background: #f5f9fe; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 1rem; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 10px; padding: 0.9rem 1rem; }
.cards a { font-weight: 600; font-size: 1.05rem; }
.cards p { margin: 0.3rem 0 0; color: var(--muted); font-size: 0.95rem; }
`;

function page({ title, body, current, nav }) {
  const links = nav
    .map((n) => `<a href="${n.output}"${n.output === current ? ' aria-current="page"' : ''}>${escapeHtml(n.label)}</a>`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — zapi-kit</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <a class="home" href="index.html">zapi-kit docs</a>
    ${links}
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

const plain = (markdownText) => markdownText.replace(/[`*_]/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');

/** A guide's title (its first heading) and blurb (its first paragraph), for the nav and the index. */
function outline(tokens, file) {
  const title = tokens.find((t) => t.type === 'heading' && t.depth === 1)?.text;
  if (!title) throw new Error(`${path.relative(root, file)}: a guide starts with a # title`);
  const blurb = tokens.find((t) => t.type === 'paragraph')?.text ?? '';
  return { title: plain(title), blurb: plain(blurb).split(/(?<=\.)\s/)[0] };
}

async function readGuide(guide) {
  const file = path.join(root, guide.source);
  const marked = markdown(file);
  const tokens = marked.lexer(await readFile(file, 'utf8'));
  const { title, blurb } = outline(tokens, file);
  if (guide.intro) {
    const introFile = path.join(root, guide.intro);
    const intro = markdown(introFile).parse(await readFile(introFile, 'utf8'));
    const h1 = tokens.findIndex((t) => t.type === 'heading' && t.depth === 1);
    tokens.splice(h1 + 1, 0, { type: 'html', block: true, raw: '', pre: false, text: `<div class="intro">${intro}</div>\n` });
    return {
      ...guide,
      title,
      blurb: plain(
        markdown(introFile)
          .lexer(await readFile(introFile, 'utf8'))
          .find((t) => t.type === 'paragraph')?.text ?? blurb,
      ).split(/(?<=\.)\s/)[0],
      html: marked.parser(tokens),
    };
  }
  return { ...guide, title, blurb, html: marked.parser(tokens) };
}

/** Writes index.html and every guide into `dir`; returns their files. */
export async function renderSite(dir, { sandbox }) {
  const guides = await Promise.all(GUIDES.map(readGuide));
  const references = REFERENCES.filter((r) => !r.sandbox || sandbox);
  const nav = [
    ...guides.slice(0, 1).map((g) => ({ output: g.output, label: g.label ?? g.title })),
    { output: 'rest.html', label: 'REST API' },
    { output: 'webhooks.html', label: 'Webhooks' },
    ...guides.slice(1).map((g) => ({ output: g.output, label: g.label ?? g.title })),
    ...(sandbox ? [{ output: 'sandbox.html', label: 'Sandbox API' }] : []),
  ];
  await Promise.all(guides.map((g) => writeFile(path.join(dir, g.output), page({ title: g.title, body: g.html, current: g.output, nav }))));

  const indexFile = path.join(root, 'docs/index.md');
  const marked = markdown(indexFile);
  const intro = marked.parse(await readFile(indexFile, 'utf8'));
  const card = (href, title, text) => `<li><a href="${href}">${escapeHtml(title)}</a><p>${marked.parseInline(text)}</p></li>`;
  const body = `${intro}
<h2 id="guides">Guides</h2>
<ul class="cards">
${guides.map((g) => card(g.output, g.title, g.blurb)).join('\n')}
</ul>
<h2 id="reference">Reference</h2>
<ul class="cards">
${references.map((r) => card(r.output, r.title, r.text)).join('\n')}
</ul>`;
  const index = path.join(dir, 'index.html');
  await writeFile(index, page({ title: 'zapi-kit docs', body, current: 'index.html', nav }));
  return { index, guides: guides.map((g) => ({ file: path.join(dir, g.output), title: g.title, output: g.output })) };
}
