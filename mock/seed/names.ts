/**
 * Station names, addresses and phone numbers. Street and sub-district names are real Taiyuan names (used
 * loosely); every station, name and number made from them is made up.
 */
import { DISTRICTS, type DistrictCode, type HostKindKey } from './catalog';
import type { Draft } from './area';
import type { Rng } from './prng';

const STREETS: Record<DistrictCode, string[]> = {
  140105: [
    '并州南路',
    '长风街',
    '平阳路',
    '体育路',
    '南内环街',
    '龙城大街',
    '晋阳街',
    '学府街',
    '亲贤北街',
    '坞城路',
    '长治路',
    '南中环街',
    '真武路',
    '许坦东街',
    '太榆路',
    '康宁街',
    '北营南路',
    '建设南路',
    '王村南路',
    '小店街',
  ],
  140106: [
    '迎泽大街',
    '五一路',
    '解放南路',
    '建设南路',
    '并州北路',
    '柳巷南路',
    '桥东街',
    '双塔西街',
    '双塔东街',
    '朝阳街',
    '郝庄正街',
    '新建南路',
    '青年路',
    '桃园南路',
    '东岗路',
    '开化寺街',
    '老军营南街',
    '迎泽东大街',
  ],
  140107: [
    '府西街',
    '府东街',
    '胜利街',
    '解放路',
    '五一路',
    '新建路',
    '北大街',
    '建设北路',
    '坝陵南街',
    '敦化南路',
    '三桥街',
    '职工新街',
    '北中环街',
    '上马街',
    '柏杨树街',
    '涧河路',
    '杏花岭街',
  ],
  140108: [
    '解放北路',
    '尖草坪街',
    '迎新街',
    '和平北路',
    '大同路',
    '新兰路',
    '光社路',
    '汇丰路',
    '恒山路',
    '摄乐街',
    '北中环街',
    '柴村街',
    '古城路',
  ],
  140109: [
    '千峰南路',
    '千峰北路',
    '和平南路',
    '和平北路',
    '兴华街',
    '长风西大街',
    '迎泽西大街',
    '漪汾街',
    '西矿街',
    '滨河西路',
    '晋祠路',
    '西中环路',
    '后北屯路',
    '玉河街',
    '下元街',
  ],
  140110: ['晋祠路', '新晋祠路', '义井街', '罗城街', '晋源东街', '晋源西街', '南堰街', '金胜路', '古城营街', '长兴南街'],
  140121: ['美锦大街', '清泉东路', '清泉西路', '迎宾路', '文源路', '宝梁路', '西环路', '东湖路', '徐沟正街', '秀水路'],
};

const SUBDISTRICTS: Record<DistrictCode, string[]> = {
  140105: [
    '坞城街道',
    '营盘街道',
    '北营街道',
    '平阳路街道',
    '黄陵街道',
    '亲贤街道',
    '学府街道',
    '龙城街道',
    '小店街道',
    '刘家堡乡',
    '北格镇',
  ],
  140106: ['柳巷街道', '文庙街道', '庙前街道', '迎泽街道', '桥东街道', '老军营街道', '郝庄街道'],
  140107: ['巨轮街道', '三桥街道', '鼓楼街道', '杏花岭街道', '坝陵桥街道', '大东关街道', '职工新街街道', '敦化坊街道', '涧河街道'],
  140108: ['尖草坪街道', '光社街道', '上兰街道', '南寨街道', '迎新街街道', '古城街道', '汇丰街道', '柴村街道', '向阳镇', '阳曲镇'],
  140109: [
    '千峰街道',
    '下元街道',
    '和平街道',
    '兴华街道',
    '万柏林街道',
    '西铭街道',
    '杜儿坪街道',
    '白家庄街道',
    '南寒街道',
    '东社街道',
    '神堂沟街道',
    '小井峪街道',
  ],
  140110: ['义井街道', '罗城街道', '晋源街道', '金胜镇', '晋祠镇', '姚村镇'],
  140121: ['清源镇', '徐沟镇', '东于镇', '孟封镇', '马峪乡', '柳杜乡', '西谷乡', '王答乡', '集义乡'],
};

const BANKS = ['中国工商银行', '中国建设银行', '中国农业银行', '中国银行', '交通银行', '晋商银行', '中国邮政储蓄银行', '山西农商银行'];
const PETROL_BRANDS = ['中石化', '中石油'];
const COMMUNITY_SUFFIXES = ['东', '西', '南', '北', '中', '新村', '苑', '园'];

/** '迎泽大街' -> '迎泽', '千峰南路' -> '千峰南', '坝陵南街' -> '坝陵南'. */
function streetStem(s: string): string {
  return s.replace(/(大街|正街|街|大道|路)$/, '');
}

/** A made-up 11-digit mobile number on a real Chinese carrier prefix. */
export function mobile(rng: Rng): string {
  const prefix = rng.pick([
    '133',
    '135',
    '136',
    '137',
    '138',
    '139',
    '150',
    '151',
    '152',
    '155',
    '156',
    '158',
    '159',
    '166',
    '176',
    '177',
    '180',
    '181',
    '185',
    '186',
    '187',
    '188',
    '189',
    '199',
  ]);
  let rest = '';
  for (let i = 0; i < 8; i++) rest += String(rng.int(0, 9));
  return prefix + rest;
}

/** A made-up Taiyuan landline, 0351-xxxxxxx. */
export function landline(rng: Rng): string {
  let rest = String(rng.int(2, 8));
  for (let i = 0; i < 6; i++) rest += String(rng.int(0, 9));
  return `0351-${rest}`;
}

/** A unique station name (recorded in used) and its address, in the wording typical of the host kind. */
export function nameAndAddress(
  kind: HostKindKey,
  sk: 'kiosk' | 'toilet' | null,
  d: Draft,
  rng: Rng,
  used: Set<string>,
): { name: string; address: string } {
  const D = DISTRICTS[d.code];
  if (d.tag === 'wuyi_kiosk') {
    const name = '五一广场智慧爱心驿站';
    used.add(name);
    return { name, address: `太原市${D}五一路与迎泽大街交叉口东北角` };
  }
  for (let attempt = 0; ; attempt++) {
    const S = rng.pick(STREETS[d.code]);
    const T = rng.pick(SUBDISTRICTS[d.code]);
    const stem = streetStem(S);
    const n = rng.int(1, 420);
    let name: string;
    let address = `太原市${D}${S}${n}号`;
    switch (kind) {
      case 'party_mass_centre':
        name = rng.chance(0.5) ? `${T}党群服务中心爱心驿站` : `${stem}${rng.pick(COMMUNITY_SUFFIXES)}社区党群服务站爱心驿站`;
        break;
      case 'worker_complex':
        name = rng.chance(0.5) ? `${D}${stem}职工服务综合体爱心驿站` : `${T}职工之家爱心驿站`;
        break;
      case 'business_district':
        name = `${stem}${rng.pick(['商圈', '步行街', '购物广场', '商业广场', '商务楼宇', '美食街'])}爱心驿站`;
        break;
      case 'petrol_station':
        name = `${rng.pick(PETROL_BRANDS)}${S}${rng.pick(['', '东', '西', '南', '北'])}加油站爱心驿站`;
        break;
      case 'bank_branch':
        name = `${rng.pick(BANKS)}太原${stem}${rng.pick(['支行', '分理处', '营业部'])}爱心驿站`;
        break;
      case 'public_toilet':
        name = sk ? `${S}公厕智慧爱心驿站` : `${D}${stem}环卫爱心驿站`;
        break;
      case 'kiosk':
        name = `${S}${rng.pick(['', '东口', '西口', '南口', '北口'])}智慧爱心驿站`;
        if (rng.chance(0.5)) address = `太原市${D}${S}与${rng.pick(STREETS[d.code].filter((x) => x !== S))}交叉口`;
        break;
      case 'community':
        name = `${stem}${rng.pick(COMMUNITY_SUFFIXES)}社区服务中心爱心驿站`;
        break;
      case 'enterprise':
        name = rng.pick([
          `${D}环卫中心${stem}作业点爱心驿站`,
          `太原公交${stem}场站爱心驿站`,
          `${stem}邮政支局爱心驿站`,
          `${stem}快递服务中心爱心驿站`,
          `国网${D}供电服务站爱心驿站`,
          `${stem}供热服务站爱心驿站`,
          `${stem}市政养护站爱心驿站`,
          `${D}园林绿化队${stem}站爱心驿站`,
        ]);
        break;
      case 'street_office':
        name = rng.chance(0.6) ? `${T}便民服务站爱心驿站` : `${T}${stem}便民服务站爱心驿站`;
        break;
    }
    // Past 50 collisions, number the name so the loop is sure to end with a unique one.
    if (attempt > 50) name = `${name.replace(/爱心驿站$/, '')}第${attempt - 49}爱心驿站`;
    if (!used.has(name)) {
      used.add(name);
      return { name, address };
    }
  }
}
