/** Minimal, dependency-free HTML helpers for the relay's few browser pages. Every value is escaped. */

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

/** A page in both languages; Chinese first, as most admins read it. */
export function page(title: string, body: Raw, options: { referrer?: 'no-referrer' | 'origin' } = {}): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="${options.referrer ?? 'no-referrer'}">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem} .en{color:#555} dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}
dt{font-weight:600} dd{margin:0;word-break:break-all} code{background:#f3f3f3;padding:.1rem .3rem}
.warn{background:#fff4ce;padding:.6rem;border-left:4px solid #c19c00} .error{background:#fde7e9;padding:.6rem;border-left:4px solid #a80000}
button{margin-left:.5rem;font-size:.8rem} a.next{display:inline-block;margin-top:1rem}
</style>
</head>
<body>
${body.value}
</body>
</html>`;
}
