/**
 * Minimal, dependency-free HTML helpers for the relay's few browser pages. Every value is escaped, and every
 * page comes with its security headers: a Content-Security-Policy that allows only the page's own inline
 * style and scripts (by hash), no framing (frame-ancestors 'none', clickjacking), nosniff, a referrer policy
 * and no caching (the result page shows a binding token).
 * https://developer.mozilla.org/docs/Web/HTTP/CSP · https://developer.mozilla.org/docs/Web/HTTP/Headers/Referrer-Policy
 */
import { createHash } from 'node:crypto';

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Tagged template: interpolations are escaped unless wrapped in `raw()`. */
export function html(strings: TemplateStringsArray, ...values: Array<string | number | Raw | Raw[]>): Raw {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const part = Array.isArray(value) ? value.map((v) => v.value).join('') : value instanceof Raw ? value.value : escapeHtml(value);
    out += part + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

export class Raw {
  constructor(readonly value: string) {}
}

export function raw(value: string): Raw {
  return new Raw(value);
}

/** A rendered page and the headers it must be served with. */
export interface RelayPage {
  html: string;
  headers: Record<string, string>;
}

/**
 * `no-referrer` for pages whose URL carries state and codes; `strict-origin` for the hop to WeChat, which
 * checks that the referrer's host is the platform's 授权发起页域名 (the origin is enough, the path and query
 * never leave).
 */
export type ReferrerPolicy = 'no-referrer' | 'strict-origin';

const STYLE = `body{font-family:"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem} .en{color:#555} dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}
dt{font-weight:600} dd{margin:0;word-break:break-all} code{background:#f3f3f3;padding:.1rem .3rem}
.warn{background:#fff4ce;padding:.6rem;border-left:4px solid #c19c00} .error{background:#fde7e9;padding:.6rem;border-left:4px solid #a80000}
.org{background:#ebf3fc;padding:.8rem;border-left:4px solid #0f6cbd} .org strong{font-size:1.2rem}
button{margin-left:.5rem;font-size:.8rem} a.next{display:inline-block;margin-top:1rem;font-weight:600}`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const STYLE_HASH = sha256(STYLE);

/** A page in both languages; Chinese first, as most admins read it. `scripts` are inline and allowed by hash. */
export function page(title: string, body: Raw, options: { referrer?: ReferrerPolicy; scripts?: readonly string[] } = {}): RelayPage {
  const referrer = options.referrer ?? 'no-referrer';
  const scripts = options.scripts ?? [];
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.length ? scripts.map(sha256).join(' ') : "'none'"}`,
    `style-src ${STYLE_HASH}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const document = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="${referrer}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.value}
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>`;
  return {
    html: document,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': referrer,
      'cache-control': 'no-store',
    },
  };
}
