/** The designer's edits (pcf-controls/MenuDesigner/MenuDesigner/menu/model.ts): pure, within WeChat's counts. */
import { describe, expect, it } from 'vitest';
import { addSub, addTop, buttonAt, move, remove, update } from '../../../pcf-controls/MenuDesigner/MenuDesigner/menu/model.js';

describe('menu model', () => {
  it('adds at most 3 buttons and 5 sub-buttons; a button given a sub-menu hands its action to the first sub-button', () => {
    let r = addTop([], 'A');
    expect(r).toEqual({ buttons: [{ name: 'A', type: 'click', key: '' }], at: { top: 0 } });
    r = addTop(addTop(r.buttons, 'B').buttons, 'C');
    expect(addTop(r.buttons, 'D').buttons).toHaveLength(3);
    const withUrl = update(r.buttons, { top: 0 }, { type: 'view', url: 'https://a.cn/' });
    let s = addSub(withUrl, 0, 'Sub');
    expect(s.buttons[0]).toEqual({ name: 'A', sub_button: [{ name: 'A', type: 'view', url: 'https://a.cn/' }] });
    for (let i = 0; i < 6; i++) s = addSub(s.buttons, 0, `S${i}`);
    expect(s.buttons[0]!.sub_button).toHaveLength(5);
    expect(s.at).toEqual({ top: 0, sub: 4 });
  });

  it('changing the type keeps only the fields the new type needs', () => {
    const buttons = [{ name: 'A', type: 'click', key: 'K' }];
    expect(update(buttons, { top: 0 }, { type: 'miniprogram' })).toEqual([{ name: 'A', type: 'miniprogram' }]);
    expect(update(buttons, { top: 0 }, { name: 'B' })).toEqual([{ name: 'B', type: 'click', key: 'K' }]);
    expect(buttons).toEqual([{ name: 'A', type: 'click', key: 'K' }]);
  });

  it('moves and removes buttons and sub-buttons; the last sub-button removed makes the button act again', () => {
    const buttons = [
      {
        name: 'A',
        sub_button: [
          { name: 'a1', type: 'click', key: '1' },
          { name: 'a2', type: 'click', key: '2' },
        ],
      },
      { name: 'B', type: 'click', key: 'b' },
    ];
    expect(move(buttons, { top: 0 }, 1).buttons.map((b) => b.name)).toEqual(['B', 'A']);
    expect(move(buttons, { top: 0 }, -1).buttons.map((b) => b.name)).toEqual(['A', 'B']);
    const moved = move(buttons, { top: 0, sub: 0 }, 1);
    expect(moved.buttons[0]!.sub_button!.map((b) => b.name)).toEqual(['a2', 'a1']);
    expect(moved.at).toEqual({ top: 0, sub: 1 });
    let r = remove(buttons, { top: 0, sub: 1 });
    r = remove(r.buttons, { top: 0, sub: 0 });
    expect(r.buttons[0]).toEqual({ name: 'A', type: 'click', key: '' });
    expect(remove(r.buttons, { top: 1 }).buttons.map((b) => b.name)).toEqual(['A']);
    expect(buttonAt(buttons, { top: 0, sub: 1 })?.name).toBe('a2');
  });
});
