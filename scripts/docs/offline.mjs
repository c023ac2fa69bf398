// Redoc's pages must open from a disk with no network. `--inlineBundle` embeds the script, but the
// "API docs by" badge still loads Redocly's logo from a CDN: the docs point it at an empty data URL
// (the logo's onError then removes the image) and hide the badge.

const REMOTE_LOGOS = ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', 'https://cdn.redoc.ly/redoc/logo-mini.svg'];
const HIDE_BADGE =
  '<style>:has(> a[href="https://redocly.com/redoc/"]), a[href="https://redocly.com/redoc/"]{display:none !important}</style>';

/** The page without its remote logo; throws when the page no longer has the strings it replaces. */
export function withoutRemoteAssets(html, file) {
  let out = html;
  for (const url of REMOTE_LOGOS) {
    if (!out.includes(url))
      throw new Error(`${file}: Redoc no longer references ${url}; check what it loads before changing the docs build`);
    out = out.split(url).join('data:,');
  }
  if (!out.includes('</head>')) throw new Error(`${file}: no </head> to add the docs' style to`);
  out = out.replace('</head>', `${HIDE_BADGE}\n</head>`);
  // Redoc reports page views to Redocly unless telemetry is off (REDOCLY_TELEMETRY=off when building).
  if (!out.includes('"disableTelemetry":true')) throw new Error(`${file}: Redoc telemetry is not disabled`);
  return out;
}
