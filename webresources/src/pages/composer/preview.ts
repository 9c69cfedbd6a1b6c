/**
 * The message as WeChat shows it in the chat: the account, the template's title, one line per field (its label,
 * then the value) and the "详情" (Details) row that opens the link. Since 2023-05-04 WeChat shows no first/remark
 * lines and no colours, so neither does the preview. Values go in as text, never HTML.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import { h } from '../../shared/dom.js';
import type { ComposerTranslate } from '../../strings/composer.js';
import type { TemplateField } from './fields.js';

export interface CardInput {
  account: string;
  title: string;
  fields: readonly TemplateField[];
  values: Readonly<Record<string, string>>;
  link: string | undefined;
  /** Fields whose value breaks a rule: drawn marked. */
  problems: ReadonlySet<string>;
  now: Date;
  language: 'en' | 'zh';
}

export function card(doc: Document, input: CardInput, t: ComposerTranslate): HTMLElement {
  const time = input.now.toLocaleString(input.language === 'zh' ? 'zh-CN' : 'en-US', { month: 'long', day: 'numeric' });
  return h(
    doc,
    'div',
    { class: 'phone', id: 'preview' },
    h(doc, 'p', { class: 'chat-time' }, time),
    h(
      doc,
      'article',
      { class: 'card' },
      h(doc, 'header', { class: 'card-account' }, h(doc, 'span', { class: 'avatar', 'aria-hidden': 'true' }, input.account.slice(0, 1)), input.account),
      h(doc, 'h2', { class: 'card-title', id: 'preview-title' }, input.title),
      h(
        doc,
        'dl',
        { class: 'card-fields' },
        input.fields.flatMap((f) => [
          h(doc, 'dt', {}, f.label ?? f.key),
          h(doc, 'dd', { 'data-preview': f.key, class: input.problems.has(f.key) ? 'bad' : undefined }, input.values[f.key] ?? ''),
        ]),
      ),
      h(
        doc,
        'footer',
        { class: input.link ? 'card-link' : 'card-link none', id: 'preview-link', title: input.link ?? '' },
        h(doc, 'span', {}, t('tc.details')),
        h(doc, 'span', { 'aria-hidden': 'true' }, '›'),
      ),
    ),
  );
}
