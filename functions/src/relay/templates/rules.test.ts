/** The 2023-05-04 template rules (rules.ts), with exact reasons: what the row and the composer show. */
import { describe, expect, it } from 'vitest';
import { checkTemplateValues, parseTemplateFields, valueLength } from './rules.js';

const ORDER = '订单号：{{character_string1.DATA}}\n商品名称：{{thing2.DATA}}\n下单时间：{{time3.DATA}}';
const fields = parseTemplateFields(ORDER);

describe('parseTemplateFields', () => {
  it('reads each {{key.DATA}} once, in order, with the label before it', () => {
    expect(fields).toEqual([
      { key: 'character_string1', label: '订单号' },
      { key: 'thing2', label: '商品名称' },
      { key: 'time3', label: '下单时间' },
    ]);
  });

  it('old templates: first and remark have no label; two fields on a line keep their own labels', () => {
    expect(parseTemplateFields('{{first.DATA}}\nA: {{keyword1.DATA}} B: {{keyword2.DATA}}\n{{remark.DATA}}\n{{keyword1.DATA}}')).toEqual([
      { key: 'first' },
      { key: 'keyword1', label: 'A' },
      { key: 'keyword2', label: 'B' },
      { key: 'remark' },
    ]);
  });
});

describe('checkTemplateValues', () => {
  const good = { character_string1: 'SO-2026-0001', thing2: '企业微信年度服务', time3: '2026-12-04 18:00' };

  it('values within the rules pass; numbers are text', () => {
    expect(checkTemplateValues(fields, good)).toEqual([]);
    expect(checkTemplateValues([{ key: 'amount1' }], { amount1: 12.5 })).toEqual([]);
  });

  it('20 characters pass, 21 do not; Chinese and astral characters count one each', () => {
    expect(checkTemplateValues(fields, { ...good, thing2: '汉'.repeat(20) })).toEqual([]);
    expect(checkTemplateValues(fields, { ...good, thing2: '汉'.repeat(21) })).toEqual([
      {
        field: 'thing2',
        reason: {
          en: '"商品名称" (thing2): at most 20 characters (since 2023-05-04); this value has 21.',
          zh: '“商品名称”（thing2）：自 2023-05-04 起每个字段最多 20 个字符，当前 21 个。',
        },
      },
    ]);
    expect(valueLength('𠮷野家')).toBe(3);
  });

  it('line breaks, emoji and colours are refused, naming the field', () => {
    const problems = checkTemplateValues(fields, { ...good, thing2: '第一行\n第二行', time3: { value: '明天 🎉', color: '#FF0000' } });
    expect(problems.map((p) => [p.field, p.reason.en])).toEqual([
      ['thing2', '"商品名称" (thing2): no line breaks (WeChat shows each field on one line).'],
      ['time3', '"下单时间" (time3): WeChat no longer shows colours (since 2023-05-04); remove the colour.'],
      ['time3', '"下单时间" (time3): WeChat drops emoji (since 2023-05-04); remove them.'],
    ]);
    expect(checkTemplateValues([{ key: 'thing1' }], { thing1: '🇨🇳' })[0]!.reason.zh).toBe('thing1：自 2023-05-04 起微信会去掉表情符号，请删除。');
  });

  it('first and remark are refused even when the old template lists them; unknown keys and missing values too', () => {
    const old = parseTemplateFields('{{first.DATA}}\n金额：{{keyword1.DATA}}\n{{remark.DATA}}');
    expect(checkTemplateValues(old, { first: '您好', keyword1: '100 元', remark: '谢谢' }).map((p) => p.field)).toEqual(['first', 'remark']);
    expect(checkTemplateValues(old, { keyword1: '100 元' })).toEqual([]);
    expect(checkTemplateValues(fields, { character_string1: 'A', thing2: 'B', extra9: 'C' })).toEqual([
      { field: 'extra9', reason: { en: 'extra9: the template has no such field.', zh: 'extra9：该模板没有此字段。' } },
      {
        field: 'time3',
        reason: { en: '"下单时间" (time3): needs a value (WeChat would show it blank).', zh: '“下单时间”（time3）：请填写内容（否则微信显示为空）。' },
      },
    ]);
    expect(checkTemplateValues([{ key: 'thing1' }], { thing1: ['a'] })[0]!.reason.en).toBe('thing1: the value must be text.');
  });
});
