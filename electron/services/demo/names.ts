import { idCheckChar } from '../../api/id-number';
import type { Random } from './random';

/** Common surnames with rough relative frequency (‰ of the population). */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72],
  ['李', 72],
  ['张', 69],
  ['刘', 54],
  ['陈', 45],
  ['杨', 31],
  ['黄', 24],
  ['赵', 23],
  ['吴', 21],
  ['周', 21],
  ['徐', 17],
  ['孙', 15],
  ['马', 15],
  ['朱', 14],
  ['胡', 13],
  ['郭', 12],
  ['何', 12],
  ['高', 11],
  ['林', 11],
  ['罗', 11],
  ['郑', 10],
  ['梁', 10],
  ['谢', 8],
  ['宋', 8],
  ['唐', 8],
  ['许', 7],
  ['韩', 7],
  ['冯', 7],
  ['邓', 7],
  ['曹', 7],
  ['彭', 6],
  ['曾', 6],
  ['肖', 6],
  ['田', 6],
  ['董', 5],
  ['袁', 5],
  ['潘', 5],
  ['于', 5],
  ['蒋', 5],
  ['蔡', 5],
  ['余', 5],
  ['杜', 5],
  ['叶', 4],
  ['程', 4],
  ['苏', 4],
  ['魏', 4],
  ['吕', 4],
  ['丁', 4],
  ['任', 4],
  ['沈', 4],
  ['姚', 4],
  ['卢', 4],
  ['姜', 3],
  ['崔', 3],
  ['钟', 3],
  ['谭', 3],
  ['陆', 3],
  ['汪', 3],
  ['范', 3],
  ['金', 3],
  ['石', 3],
  ['廖', 3],
  ['贾', 3],
  ['夏', 3],
  ['韦', 3],
  ['付', 3],
  ['方', 3],
  ['白', 3],
  ['邹', 3],
  ['孟', 3],
  ['熊', 3],
  ['秦', 3],
  ['邱', 3],
  ['江', 3],
  ['尹', 3],
  ['薛', 2],
  ['闫', 2],
  ['段', 2],
  ['雷', 2],
  ['侯', 2],
  ['龙', 2],
  ['史', 2],
  ['陶', 2],
  ['黎', 2],
  ['贺', 2],
  ['顾', 2],
  ['毛', 2],
  ['郝', 2],
];

const MALE_CHARS =
  '伟强军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林国建文志海春荣德福贵祥发忠兴才富宝顺全';
const FEMALE_CHARS = '芳娜敏静丽艳娟霞秀兰英华玲萍红梅琴云莲凤翠珍桂花燕丹慧巧美琳雪倩婷晓淑惠瑶洁';

/** A realistic personal name; older people more often have two-character names. */
export function personName(random: Random, sex: '男' | '女'): string {
  const chars = sex === '男' ? MALE_CHARS : FEMALE_CHARS;
  const surname = random.weighted(SURNAMES);
  const given = random.chance(0.35)
    ? random.pick([...chars])
    : random.pick([...chars]) + random.pick([...chars]);
  return surname + given;
}

const PLACE_FIRST =
  '石青白黑红金银水山河松柏杨柳桃李梨枣竹龙凤马牛羊鹿大小上下新老东西南北中前后高平安永福和兴';
const PLACE_SECOND = '门坝沟岭坪湾岗寨营屯庄塘桥溪岩坡田冲林园泉口头河山';

/** Two-character place stems such as 石门, 柳湾, unique within one call site's `used` set. */
export function placeStem(random: Random, used: Set<string>): string {
  for (let attempt = 0; attempt < 200; attempt++) {
    const stem = random.pick([...PLACE_FIRST]) + random.pick([...PLACE_SECOND]);
    if (!used.has(stem)) {
      used.add(stem);
      return stem;
    }
  }
  // Dense trees (a county with thousands of grids) run out of two-character stems.
  for (let i = 2; ; i++) {
    const stem =
      random.pick([...PLACE_FIRST]) + random.pick([...PLACE_SECOND]) + '新'.repeat(i - 1);
    if (!used.has(stem)) {
      used.add(stem);
      return stem;
    }
  }
}

const DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 12 → 十二, 40 → 四十, 105 → 一百零五. */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  const tail =
    rest === 0
      ? ''
      : rest < 10
        ? `零${DIGITS[rest]}`
        : rest < 20
          ? `一${chineseNumber(rest)}`
          : chineseNumber(rest);
  return `${DIGITS[Math.floor(n / 100)]}百${tail}`;
}

/** A GB 11643 ID number: area code + birth date + sequence with the right parity + check char. */
export function idNumber(
  random: Random,
  areaCode: string,
  birthDate: string,
  sex: '男' | '女',
): string {
  const sequence = random.int(0, 49) * 2 + (sex === '男' ? 1 : 0) + random.int(0, 4) * 100;
  const first17 = `${areaCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

const MOBILE_PREFIXES = [
  '133',
  '135',
  '136',
  '138',
  '139',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '177',
  '180',
  '182',
  '183',
  '187',
  '188',
  '189',
  '191',
  '199',
];

/** An 11-digit mobile number matching ^1[3-9]\d{9}$. */
export function mobileNumber(random: Random): string {
  return random.pick(MOBILE_PREFIXES) + String(random.int(0, 99_999_999)).padStart(8, '0');
}

/** A birth date (YYYY-MM-DD) for someone of the given age range on `today` (never after it). */
export function birthDate(random: Random, today: string, minAge: number, maxAge: number): string {
  const year = Number(today.slice(0, 4));
  const y = year - random.int(minAge, maxAge);
  const m = random.int(1, 12);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const date = (yy: number) =>
    `${yy}-${String(m).padStart(2, '0')}-${String(Math.min(random.int(1, days), new Date(Date.UTC(yy, m, 0)).getUTCDate())).padStart(2, '0')}`;
  let born = date(y);
  // Not born yet this year: a year earlier (the age range stays about the same).
  if (born > today) born = date(y - 1);
  return born;
}
