/**
 * The menu being designed, as plain data, and the edits the designer makes to it: WeChat's button array (the very
 * shape wxm_definition keeps and menu/create takes) and a selection (top button, optional sub-button). Pure: every
 * edit returns a new array.
 */
import { BUTTON_TYPES, MENU_LIMITS, type MenuButtonDef } from '../../../../functions/src/relay/menus/menu-rules';

export type { MenuButtonDef };

export interface Selection {
  top: number;
  sub?: number | undefined;
}

export type LeafField = 'key' | 'url' | 'media_id' | 'article_id' | 'appid' | 'pagepath';

export const hasSubMenu = (b: MenuButtonDef): boolean => Array.isArray(b.sub_button) && b.sub_button.length > 0;

export function buttonAt(buttons: readonly MenuButtonDef[], at: Selection | undefined): MenuButtonDef | undefined {
  if (!at) return undefined;
  const top = buttons[at.top];
  if (!top || at.sub === undefined) return top;
  return top.sub_button?.[at.sub];
}

const newLeaf = (name: string): MenuButtonDef => ({ name, type: 'click', key: '' });

export function addTop(buttons: readonly MenuButtonDef[], name: string): { buttons: MenuButtonDef[]; at: Selection } {
  if (buttons.length >= MENU_LIMITS.topButtons) return { buttons: [...buttons], at: { top: buttons.length - 1 } };
  return { buttons: [...buttons, newLeaf(name)], at: { top: buttons.length } };
}

/** A top button with sub-buttons keeps only its name (WeChat ignores its type); its first sub-button takes over. */
export function addSub(buttons: readonly MenuButtonDef[], top: number, name: string): { buttons: MenuButtonDef[]; at: Selection } {
  const next = buttons.map((b) => ({ ...b }));
  const owner = next[top];
  if (!owner) return { buttons: next, at: { top: 0 } };
  const subs = hasSubMenu(owner) ? [...(owner.sub_button ?? [])] : [];
  if (subs.length >= MENU_LIMITS.subButtons) return { buttons: next, at: { top, sub: subs.length - 1 } };
  if (subs.length === 0 && owner.type) {
    // The button's own action moves to its first sub-button, so nothing the operator set is lost.
    const { sub_button: _s, name: _n, ...action } = owner;
    subs.push({ name: owner.name, ...action });
  } else subs.push(newLeaf(name));
  next[top] = { name: owner.name, sub_button: subs };
  return { buttons: next, at: { top, sub: subs.length - 1 } };
}

export function remove(buttons: readonly MenuButtonDef[], at: Selection): { buttons: MenuButtonDef[]; at: Selection | undefined } {
  if (at.sub === undefined) {
    const next = buttons.filter((_, i) => i !== at.top);
    return { buttons: next, at: next.length > 0 ? { top: Math.max(0, at.top - 1) } : undefined };
  }
  const next = buttons.map((b) => ({ ...b }));
  const owner = next[at.top];
  if (!owner) return { buttons: next, at: undefined };
  const subs = (owner.sub_button ?? []).filter((_, j) => j !== at.sub);
  next[at.top] = subs.length > 0 ? { name: owner.name, sub_button: subs } : newLeaf(owner.name);
  return { buttons: next, at: subs.length > 0 ? { top: at.top, sub: Math.max(0, (at.sub ?? 0) - 1) } : { top: at.top } };
}

export function update(buttons: readonly MenuButtonDef[], at: Selection, change: Partial<MenuButtonDef>): MenuButtonDef[] {
  const next = buttons.map((b) => ({ ...b, ...(b.sub_button ? { sub_button: b.sub_button.map((s) => ({ ...s })) } : {}) }));
  const target = at.sub === undefined ? next[at.top] : next[at.top]?.sub_button?.[at.sub];
  if (!target) return next;
  Object.assign(target, change);
  if (change.type !== undefined) {
    // Only the fields of the new type stay (the relay would drop the others anyway).
    const keep = new Set<string>(['name', 'type', 'sub_button', ...(BUTTON_TYPES.find((t) => t.type === change.type)?.fields ?? [])]);
    for (const k of Object.keys(target)) if (!keep.has(k)) delete (target as unknown as Record<string, unknown>)[k];
  }
  return next;
}

/** Moves a top button or a sub-button one place (-1 left/up, +1 right/down). */
export function move(buttons: readonly MenuButtonDef[], at: Selection, by: -1 | 1): { buttons: MenuButtonDef[]; at: Selection } {
  const swap = <T>(list: T[], i: number): T[] => {
    const j = i + by;
    if (j < 0 || j >= list.length) return list;
    const a = list[i];
    const b = list[j];
    if (a === undefined || b === undefined) return list;
    const copy = [...list];
    copy[i] = b;
    copy[j] = a;
    return copy;
  };
  if (at.sub === undefined) {
    return { buttons: swap([...buttons], at.top), at: { top: Math.min(Math.max(at.top + by, 0), buttons.length - 1) } };
  }
  const next = buttons.map((b) => ({ ...b }));
  const owner = next[at.top];
  if (!owner) return { buttons: next, at };
  const subs = owner.sub_button ?? [];
  const moved = swap(subs, at.sub);
  next[at.top] = { ...owner, sub_button: moved };
  return { buttons: next, at: { top: at.top, sub: Math.min(Math.max(at.sub + by, 0), subs.length - 1) } };
}

export const definitionText = (buttons: readonly MenuButtonDef[]): string => JSON.stringify(buttons);
