import { loadSeed } from '../../mock/seed/load';
import { DISTRICTS } from '../../mock/seed/catalog';

const { healthStations } = loadSeed();
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutes = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

describe('seed worker health stations', () => {
  const open = healthStations.filter((h) => h.status === 'open');
  const soon = healthStations.filter((h) => h.status === 'opening_soon');

  it('has 解南, 坝陵桥 and 下元 open since 2024-08-16, and two opening soon', () => {
    expect(healthStations).toHaveLength(5);
    expect(open.map((h) => h.host)).toEqual(['解南社区卫生服务中心', '坝陵桥社区卫生服务中心', '下元社区卫生服务中心']);
    for (const h of open) {
      expect(h.openedOn).toBe('2024-08-16');
      expect(h.name).toBe(`${h.host}职工健康驿站`);
    }
    expect(open[0].districtCode).toBe(140106);
    expect(soon).toHaveLength(2);
    for (const h of soon) {
      expect(h.openedOn).toBeNull();
      expect(h.doctors).toEqual([]);
      expect(h.templates).toEqual([]);
    }
    expect(new Set(healthStations.map((h) => h.id)).size).toBe(5);
    for (const h of healthStations) {
      expect(h.district).toBe(DISTRICTS[h.districtCode]);
      expect(h.address.startsWith(`太原市${h.district}`)).toBe(true);
    }
  });

  it('gives each open station 3-5 provincial-hospital doctors with weekly templates', () => {
    const doctorIds = open.flatMap((h) => h.doctors.map((d) => d.id));
    expect(new Set(doctorIds).size).toBe(doctorIds.length);
    const templateIds = open.flatMap((h) => h.templates.map((t) => t.id));
    expect(new Set(templateIds).size).toBe(templateIds.length);
    for (const h of open) {
      expect(h.doctors.length).toBeGreaterThanOrEqual(3);
      expect(h.doctors.length).toBeLessThanOrEqual(5);
      for (const d of h.doctors) {
        expect(d.hospital).toBe('山西省人民医院');
        expect(['主任医师', '副主任医师', '主治医师']).toContain(d.title);
        expect(d.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
        expect(d.specialty).toMatch(/[\u4e00-\u9fff]+/);
        expect(h.templates.some((t) => t.doctorId === d.id)).toBe(true);
      }
      for (const t of h.templates) {
        expect(h.doctors.some((d) => d.id === t.doctorId)).toBe(true);
        expect(t.weekday).toBeGreaterThanOrEqual(1);
        expect(t.weekday).toBeLessThanOrEqual(7);
        expect(t.start).toMatch(HHMM);
        expect(t.end).toMatch(HHMM);
        expect([15, 20, 30]).toContain(t.slotMinutes);
        expect(t.capacity).toBeGreaterThanOrEqual(1);
        expect(t.capacity).toBeLessThanOrEqual(4);
        const span = minutes(t.end) - minutes(t.start);
        expect(span).toBeGreaterThan(0);
        expect(span % t.slotMinutes).toBe(0);
      }
    }
  });
});
