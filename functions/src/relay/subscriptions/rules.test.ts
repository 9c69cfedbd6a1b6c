import { describe, expect, it } from 'vitest';
import { checkSubscriptionValues, checkValue, fieldsOfContent, ruleOfKey } from './rules.js';

describe('ruleOfKey', () => {
  it('reads the type from the key', () => {
    expect(ruleOfKey('thing1')).toBe('thing');
    expect(ruleOfKey('character_string12')).toBe('character_string');
    expect(ruleOfKey('phone_number2')).toBe('phone_number');
    expect(ruleOfKey('car_number5')).toBe('car_number');
    expect(ruleOfKey('phrase3')).toBe('phrase');
    expect(ruleOfKey('keyword1')).toBeUndefined();
  });
});

describe('checkValue (the documented table)', () => {
  const ok = (rule: Parameters<typeof checkValue>[0], v: string) => expect(checkValue(rule, v), `${rule} ${v}`).toBeUndefined();
  const bad = (rule: Parameters<typeof checkValue>[0], v: string) => expect(checkValue(rule, v), `${rule} ${v}`).toBeDefined();

  it('thing: at most 20 characters, counted as characters', () => {
    ok('thing', '您的课程将于明天上午开始，请准时参加哦');
    ok('thing', 'a'.repeat(20));
    bad('thing', '店'.repeat(21));
    expect(checkValue('thing', '店'.repeat(21))?.en).toBe('has 21 characters; a "thing" field takes at most 20');
    bad('thing', '');
    bad('thing', '第一行\n第二行');
  });
  it('number, letter, symbol, character_string', () => {
    ok('number', '339208499');
    ok('number', '12.50');
    bad('number', '12a');
    bad('number', '1'.repeat(33));
    ok('letter', 'ABCdef');
    bad('letter', 'AB1');
    ok('symbol', '+-*');
    bad('symbol', '++++++');
    bad('symbol', 'a!');
    ok('character_string', 'NO.2019-10-01_A#1');
    bad('character_string', '北京');
    bad('character_string', 'a b');
    bad('character_string', 'x'.repeat(33));
  });
  it('time and date: 24-hour formats, a span joined by ~', () => {
    ok('time', '15:01');
    ok('time', '2019年10月1日 15:01');
    ok('time', '2019-10-18 13:42:00');
    ok('time', '15:01~16:30');
    bad('time', '3pm');
    bad('time', '25:00');
    ok('date', '2019年10月1日');
    ok('date', '2019-10-01 15:01');
    ok('date', '2019年10月1日~2019年10月3日');
    bad('date', '15:01');
    bad('date', '明天');
  });
  it('amount, phone_number, car_number', () => {
    ok('amount', '¥100.50');
    ok('amount', '100元');
    ok('amount', '6000.00');
    bad('amount', '¥12345678901');
    bad('amount', '一百元');
    ok('phone_number', '+86-0766-66888866');
    bad('phone_number', '+86-0766-6688886612');
    bad('phone_number', '电话123');
    ok('car_number', '粤A8Z888挂');
    ok('car_number', '京A12345');
    bad('car_number', '粤A8Z8889挂');
    bad('car_number', 'A粤123');
  });
  it('name: 10 Chinese characters, or 20 letters; mixed counts as Chinese', () => {
    ok('name', '张三');
    ok('name', 'Zhang San');
    bad('name', '张'.repeat(11));
    ok('name', 'a'.repeat(20));
    bad('name', 'a'.repeat(21));
    bad('name', '张三Lee' + '四'.repeat(6));
  });
  it('phrase: at most 5 Chinese characters and nothing else', () => {
    ok('phrase', '配送中');
    ok('phrase', '正常结束');
    bad('phrase', '111');
    bad('phrase', '配送中!');
    bad('phrase', '已经完成配送了');
    expect(checkValue('phrase', 'ddd')?.zh).toBe('只能填汉字（不能有数字、字母或标点）');
  });
  it('enum: one of the listed values', () => {
    ok('enum', 'Completed');
    expect(checkValue('enum', 'Lost', ['To be paid', 'Completed'])?.en).toBe("is not one of the template's values: To be paid, Completed");
  });
});

describe('fieldsOfContent and checkSubscriptionValues', () => {
  const content = '课程名称:{{thing1.DATA}}\n上课时间:{{time2.DATA}}\n状态:{{phrase3.DATA}}';
  const fields = fieldsOfContent(content);

  it('parses label, key and rule of each placeholder', () => {
    expect(fields).toEqual([
      { key: 'thing1', label: '课程名称', rule: 'thing' },
      { key: 'time2', label: '上课时间', rule: 'time' },
      { key: 'phrase3', label: '状态', rule: 'phrase' },
    ]);
    expect(fieldsOfContent('订单号：{{character_string1.DATA}}\\n金额：{{amount2.DATA}}').map((f) => f.key)).toEqual(['character_string1', 'amount2']);
  });

  it('names every field that breaks a rule, is missing or unknown', () => {
    expect(checkSubscriptionValues(fields, { thing1: '数学', time2: '15:00', phrase3: '已开课' })).toEqual([]);
    const problems = checkSubscriptionValues(fields, { thing1: '数学', time2: 'soon', extra: 'x' });
    expect(problems.map((p) => p.field)).toEqual(['time2', 'phrase3', 'extra']);
    expect(problems[1]?.reason).toEqual({ en: 'phrase3 (状态) has no value', zh: 'phrase3 (状态) 未填写' });
    expect(problems[0]?.reason.en).toBe('time2 (上课时间) is not a 24-hour time such as 15:01 or 2019年10月1日 15:01 (a span joined by ~)');
  });
});
