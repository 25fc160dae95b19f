/**
 * Worker health stations (职工健康驿站): three open ones hosted by real community health service centres, two
 * made-up ones opening soon; every doctor (name, title, specialty) and session template is made up.
 */
import type { LatLng } from '@/rules/geo';
import { DISTRICTS, type DistrictCode } from './catalog';
import { landline } from './names';
import type { Rng } from './prng';
import type { SeedDoctor, SeedHealthStation, SessionTemplate } from './types';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '郭', '武', '任', '段', '梁', '贾'];
const GIVEN = [
  '建华',
  '秀英',
  '志强',
  '丽娟',
  '海燕',
  '晓东',
  '文杰',
  '春梅',
  '宏伟',
  '静怡',
  '国庆',
  '玉兰',
  '俊峰',
  '雪梅',
  '晋生',
  '慧敏',
  '振宇',
  '亚楠',
];
const TITLES: SeedDoctor['title'][] = ['主任医师', '副主任医师', '主治医师'];
const SPECIALTIES = ['心血管内科', '内分泌科', '骨科', '心理科', '呼吸内科', '中医科', '消化内科', '神经内科', '康复医学科'];
/** The hospital sending specialists to the open health stations. */
export const PARTNER_HOSPITAL = '山西省人民医院';

/** Builds the five health stations with their doctors and weekly session templates. */
export function buildHealthStations(rng: Rng, inDistrict: (p: LatLng, code: DistrictCode) => boolean): SeedHealthStation[] {
  const defs: {
    host: string;
    code: DistrictCode;
    address: string;
    lat: number;
    lng: number;
    open: boolean;
    doctors: number;
  }[] = [
    {
      host: '解南社区卫生服务中心',
      code: 140106,
      address: '太原市迎泽区解放南路156号',
      lat: 37.847312,
      lng: 112.566845,
      open: true,
      doctors: 4,
    },
    {
      host: '坝陵桥社区卫生服务中心',
      code: 140107,
      address: '太原市杏花岭区坝陵南街62号',
      lat: 37.883905,
      lng: 112.561478,
      open: true,
      doctors: 5,
    },
    {
      host: '下元社区卫生服务中心',
      code: 140109,
      address: '太原市万柏林区迎泽西大街188号',
      lat: 37.853417,
      lng: 112.516932,
      open: true,
      doctors: 3,
    },
    {
      host: '龙城社区卫生服务中心',
      code: 140105,
      address: '太原市小店区龙城大街97号',
      lat: 37.772614,
      lng: 112.566203,
      open: false,
      doctors: 0,
    },
    {
      host: '迎新街社区卫生服务中心',
      code: 140108,
      address: '太原市尖草坪区迎新街45号',
      lat: 37.906842,
      lng: 112.548317,
      open: false,
      doctors: 0,
    },
  ];
  const usedNames = new Set<string>();
  let doctorSeq = 0;
  let templateSeq = 0;
  return defs.map((def, k) => {
    if (!inDistrict(def, def.code)) throw new Error(`health station ${def.host} outside ${DISTRICTS[def.code]}`);
    const doctors: SeedDoctor[] = [];
    const templates: SessionTemplate[] = [];
    const specialties = ['全科', ...rng.shuffle(SPECIALTIES)];
    for (let j = 0; j < def.doctors; j++) {
      let name: string;
      do name = rng.pick(SURNAMES) + rng.pick(GIVEN);
      while (usedNames.has(name));
      usedNames.add(name);
      const doctor: SeedDoctor = {
        id: `doc${String(++doctorSeq).padStart(3, '0')}`,
        name,
        title: rng.pick(TITLES),
        specialty: specialties[j],
        hospital: PARTNER_HOSPITAL,
      };
      doctors.push(doctor);
      const days: SessionTemplate['weekday'][] = rng.shuffle([1, 2, 3, 4, 5] as const).slice(0, rng.int(1, 2));
      if (rng.chance(0.25)) days.push(6);
      for (const weekday of days.sort((a, c) => a - c)) {
        const [start, end] =
          weekday === 6
            ? ['09:00', '11:00']
            : rng.pick([
                ['08:30', '11:30'],
                ['14:30', '17:30'],
                ['09:00', '12:00'],
              ] as const);
        templates.push({
          id: `tpl${String(++templateSeq).padStart(3, '0')}`,
          doctorId: doctor.id,
          weekday,
          start,
          end,
          slotMinutes: rng.pick([15, 20, 30] as const),
          capacity: rng.int(1, 4),
        });
      }
    }
    return {
      id: `hs${String(k + 1).padStart(2, '0')}`,
      name: `${def.host}职工健康驿站`,
      host: def.host,
      address: def.address,
      districtCode: def.code,
      district: DISTRICTS[def.code],
      lat: def.lat,
      lng: def.lng,
      status: def.open ? 'open' : 'opening_soon',
      openedOn: def.open ? '2024-08-16' : null,
      phone: landline(rng),
      partnerHospital: PARTNER_HOSPITAL,
      services: def.open ? ['慢性病管理', '常见病诊疗', '心理关爱', '健康咨询', '转诊绿色通道'] : [],
      doctors,
      templates,
    };
  });
}
