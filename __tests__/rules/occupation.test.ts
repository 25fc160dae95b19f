import { OCCUPATIONS, isOccupation, occupationLabel } from '@/rules/occupation';

describe('occupations', () => {
  it('lists the eight occupations in display order', () => {
    expect(OCCUPATIONS.map((o) => [o.code, o.label])).toEqual([
      ['sanitation', '环卫工人'],
      ['delivery', '外卖骑手'],
      ['courier', '快递员'],
      ['ride_hailing', '网约车司机'],
      ['taxi', '出租车司机'],
      ['construction', '建筑工人'],
      ['traffic_police', '交通警察'],
      ['other', '其他'],
    ]);
  });

  it.each([
    ['sanitation', true],
    ['traffic_police', true],
    ['other', true],
    ['police', false],
    ['Sanitation', false],
    ['', false],
    [null, false],
    [3, false],
  ])('isOccupation(%j) === %s', (x, expected) => {
    expect(isOccupation(x)).toBe(expected);
  });

  it.each([
    ['delivery', '外卖骑手'],
    ['ride_hailing', '网约车司机'],
    ['astronaut', '未知'],
  ])('occupationLabel(%s) === %s', (code, label) => {
    expect(occupationLabel(code)).toBe(label);
  });
});
