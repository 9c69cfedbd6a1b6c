/**
 * WeChat's MASSSENDJOBFINISH report in words: the Status (`send success`, `send fail`, `err(N)` with N's meaning
 * from WeChat's list), the counts, and the originality check per article (CopyrightCheckResult). The relay writes
 * the counts as numbers, Status as WeChat sent it, and the copyright result as JSON of WeChat's item list (or a
 * text, shown as it is). Pure.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import type { Language } from '../../strings/index.js';
import type { BroadcastKey, BroadcastTranslate } from '../../strings/broadcast.js';
import type { BroadcastView } from './model.js';

const ERR_MEANINGS: Record<number, BroadcastKey> = {
  10001: 'bc.err10001',
  20001: 'bc.err20001',
  20002: 'bc.err20002',
  20004: 'bc.err20004',
  20006: 'bc.err20006',
  20008: 'bc.err20008',
  20013: 'bc.err20013',
  21000: 'bc.err21000',
  22000: 'bc.err22000',
  30001: 'bc.err30001',
  30002: 'bc.err30002',
  30003: 'bc.err30003',
};

/** WeChat's Status in the reader's words, e.g. `err(10001)` → "refused by WeChat's review, err(10001): advertising". */
export function statusMeaning(status: string, t: BroadcastTranslate): string {
  const s = status.trim().toLowerCase();
  if (s === 'send success' || s === 'sendsuccess') return t('bc.statusSuccess');
  if (s === 'send fail' || s === 'sendfail') return t('bc.statusFail');
  const m = /^err\((\d+)\)$/.exec(s);
  if (!m) return status;
  const code = Number(m[1]);
  const key = ERR_MEANINGS[code] ?? (code >= 20001 && code <= 20013 ? 'bc.errContent' : 'bc.errOther');
  return t('bc.statusErr', { code: `err(${code})`, meaning: t(key) });
}

export function resultsLine(view: BroadcastView, t: BroadcastTranslate, language: Language): string | undefined {
  const r = view.results;
  if (!r) return undefined;
  const n = (v: number) => v.toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US');
  return t('bc.results', { status: statusMeaning(r.status, t), total: n(r.total), filter: n(r.filter), sent: n(r.sent), errors: n(r.errors) });
}

interface CopyrightItem {
  ArticleIdx?: unknown;
  OriginalArticleUrl?: unknown;
  CanReprint?: unknown;
}

/** The per-article lines of the originality check; the text itself when it is not WeChat's list. */
export function copyrightLine(view: BroadcastView, t: BroadcastTranslate, language: Language): string | undefined {
  if (!view.copyright) return undefined;
  let items: CopyrightItem[] | undefined;
  try {
    const parsed = JSON.parse(view.copyright) as unknown;
    const list = Array.isArray(parsed) ? parsed : (parsed as { ResultList?: unknown })?.ResultList;
    const flat = Array.isArray(list) ? list : (list as { item?: unknown } | undefined)?.item;
    items = Array.isArray(flat) ? (flat as CopyrightItem[]) : flat && typeof flat === 'object' ? [flat as CopyrightItem] : undefined;
  } catch {
    items = undefined;
  }
  // The relay's text: one line per article.
  if (!items)
    return t('bc.copyright', {
      lines: view.copyright
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join(language === 'zh' ? '；' : '; '),
    });
  const lines = items.map((item, i) => {
    const url = typeof item.OriginalArticleUrl === 'string' ? item.OriginalArticleUrl.trim() : '';
    // No original URL: WeChat found no earlier article like it. With one, CanReprint says whether it may go out.
    const state = !url ? t('bc.copyrightOriginal') : Number(item.CanReprint) === 1 ? t('bc.copyrightReprint', { url }) : t('bc.copyrightRefused', { url });
    return t('bc.copyrightArticle', { index: Number(item.ArticleIdx ?? i + 1), state });
  });
  return t('bc.copyright', { lines: lines.join(language === 'zh' ? '；' : '; ') });
}
