/**
 * Station cards with the app's own stylesheet applied: next to a long name the distance stays on one line
 * (it once broke into "380" / "米") and the name wraps instead.
 */
import fs from 'fs';
import path from 'path';
import { cleanup, render, screen, within } from '@testing-library/react';
import { StationList } from '@/components/StationList';
import type { NearbyStation } from '@/api/stations';

const LONG: NearbyStation = {
  id: 'ty0400',
  name: '太原市小店区亲贤北街与长治路交叉口中国石化加油站职工爱心驿站',
  address: '太原市小店区亲贤北街',
  kind: 'petrol_station',
  grade: 2,
  lat: 37.83,
  lng: 112.56,
  distanceM: 380.4,
  walkMinutes: 6,
  openNow: true,
  openLabel: '营业中',
  openDetail: '至 22:00',
  is24h: false,
  smart: false,
  amenities: ['hot_water'],
};

beforeAll(() => {
  const style = document.createElement('style');
  style.textContent = fs.readFileSync(path.join(__dirname, '../../src/app.css'), 'utf8');
  document.head.appendChild(style);
});
afterEach(cleanup);

it('a long name wraps; its distance stays whole on one line beside it', () => {
  render(<StationList stations={[LONG]} />);
  const card = screen.getByTestId('station-card');
  const distance = within(card).getByText('380米');
  expect(getComputedStyle(distance).whiteSpace).toBe('nowrap');
  expect(getComputedStyle(distance).flexShrink).toBe('0');
  const name = within(card).getByText(LONG.name);
  expect(name.parentElement).toBe(distance.parentElement);
  expect(getComputedStyle(name).flexGrow).toBe('1');
  expect(getComputedStyle(name).minWidth).toBe('0'); // lets the name shrink below its longest run and wrap
});
