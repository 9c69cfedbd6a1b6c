/**
 * Which rule answers a message or event, in a few microseconds: an index built once per rule set (exact keywords
 * in a Map, contains-keywords by priority, menu keys in a Map, follow rules per QR scene), then one lookup per push.
 * Keyword rules answer text messages; when several match, the highest priority wins, then an exact match, then the
 * newest rule. Default rules answer a message no keyword matched (and never an event).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
import type { InboundMessage } from '../../wechat/index.js';
import { normalizeKeyword, type CompiledRule, type RuleSet } from './rule-set.js';

export interface RuleIndex {
  set: RuleSet;
  exact: Map<string, CompiledRule>;
  /** Contains-keywords, highest priority (then newest) first. */
  contains: Array<{ keyword: string; rule: CompiledRule }>;
  menu: Map<string, CompiledRule>;
  /** Follow rules by QR scene; '' holds the rule for every follow. */
  follow: Map<string, CompiledRule>;
  default?: CompiledRule;
}

export interface Matched {
  rule: CompiledRule;
  /** The keyword that matched (for {keyword}). */
  keyword?: string;
}

const better = (a: CompiledRule, b: CompiledRule | undefined) => !b || a.priority > b.priority || (a.priority === b.priority && a.createdAt > b.createdAt);

export function indexRules(set: RuleSet): RuleIndex {
  const index: RuleIndex = { set, exact: new Map(), contains: [], menu: new Map(), follow: new Map() };
  for (const rule of set.rules) {
    switch (rule.kind) {
      case 'keyword':
        for (const keyword of rule.keywords ?? []) {
          if (rule.match === 'contains') index.contains.push({ keyword, rule });
          else if (better(rule, index.exact.get(keyword))) index.exact.set(keyword, rule);
        }
        break;
      case 'menu':
        if (rule.menuKey && better(rule, index.menu.get(rule.menuKey))) index.menu.set(rule.menuKey, rule);
        break;
      case 'follow': {
        const scene = rule.qrScene ?? '';
        if (better(rule, index.follow.get(scene))) index.follow.set(scene, rule);
        break;
      }
      case 'default':
        if (better(rule, index.default)) index.default = rule;
        break;
    }
  }
  index.contains.sort((a, b) => b.rule.priority - a.rule.priority || b.rule.createdAt - a.rule.createdAt);
  return index;
}

/** The rule that answers this push, or undefined. Default rules are returned with `fallback: true`. */
export function matchRule(index: RuleIndex, msg: InboundMessage): (Matched & { fallback?: boolean }) | undefined {
  if (msg.kind === 'event') {
    if (msg.event === 'subscribe') {
      const scene = msg.scene ?? '';
      const rule = (scene && index.follow.get(scene)) || index.follow.get('');
      return rule ? { rule } : undefined;
    }
    if (msg.event === 'CLICK') {
      const rule = index.menu.get(msg.eventKey);
      return rule ? { rule } : undefined;
    }
    return undefined;
  }
  if (msg.kind === 'unknown') return undefined;
  if (msg.kind === 'text') {
    const text = normalizeKeyword(msg.content);
    const exact = index.exact.get(text);
    // The first contains-rule at or above the exact rule's priority (the list is in priority order).
    for (const c of index.contains) {
      if (exact && c.rule.priority <= exact.priority) break;
      if (text.includes(c.keyword)) return { rule: c.rule, keyword: c.keyword };
    }
    if (exact) return { rule: exact, keyword: text };
  }
  return index.default ? { rule: index.default, fallback: true } : undefined;
}
