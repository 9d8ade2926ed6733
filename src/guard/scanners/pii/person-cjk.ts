import { keepBestNonOverlapping } from './overlaps.ts';

/**
 * Person names written in Chinese, Japanese and Korean. Those scripts have no capitals and no spaces
 * between words, so the Latin-script detector never sees them; a name is taken only where the text
 * marks one:
 * - before it, a label or introduction: 姓名：/名字是/我叫/联系人：/收件人：, 氏名：/名前は,
 *   이름：/이름은/저는;
 * - after it, an honorific: 先生/女士/小姐/老师/医生, 様/さん/氏/くん/ちゃん, 씨/님.
 * Chinese and Korean names must also start with a common surname (the top surnames cover most of
 * each population); Japanese ones, whose surnames are too many to list, need two to four kanji
 * followed by an honorific or after a name label, and are not a role written politely ("担当者様",
 * "会社様"). Japanese refers to people by surname ("田中さん"), so a surname alone counts there; a
 * Chinese or Korean surname alone before an honorific ("王先生") is left alone.
 */

export interface CjkName {
  start: number;
  end: number;
  score: number;
}

/** Common Chinese surnames, simplified and traditional, and a few two-character ones. */
const CHINESE_SURNAMES =
  '王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯';
const CHINESE_COMPOUND = '欧阳|歐陽|司马|司馬|诸葛|諸葛|上官|东方|東方|皇甫|令狐|慕容|端木';
/** Common Korean surnames (one syllable) and the two-syllable ones. */
const KOREAN_SURNAMES =
  '김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용';
const KOREAN_COMPOUND = '남궁|황보|제갈|사공|선우|독고';

const HAN = '\\p{Script=Han}';
const HANGUL = '\\p{Script=Hangul}';

/** Given name after the surname: one or two characters (Chinese), one to three syllables (Korean). */
const CHINESE_NAME = `(?:${CHINESE_COMPOUND}|[${CHINESE_SURNAMES}])[${HAN}]{1,2}`;
const KOREAN_NAME = `(?:${KOREAN_COMPOUND}|[${KOREAN_SURNAMES}])[${HANGUL}]{1,2}`;
const JAPANESE_NAME = `[${HAN}]{2,4}`;

const LABEL_CN =
  '(?:姓名|名字|联系人|聯絡人|聯繫人|收件人|收货人|收貨人|寄件人|患者|客户|客戶|申请人|申請人)\\s*[:：]\\s*';
const INTRO_CN = '(?:我叫|我是|名字是|名字叫|叫做)';
const TITLE_CN = '(?:先生|女士|小姐|老师|老師|医生|醫生|教授|经理|經理|同学|同學)';
const LABEL_JP = '(?:氏名|名前|お名前|担当者?|宛名)\\s*[:：]\\s*|(?:名前は|私は)';
const TITLE_JP = '(?:様|さま|さん|氏|先生|くん|ちゃん)';
const LABEL_KR = '(?:이름|성명|담당자|수신인)\\s*[:：]\\s*|(?:이름은\\s?|저는\\s?)';
const TITLE_KR = '\\s?(?:씨|님)';

/** Group `name` is the name; the cue is around it. Names end where Han/Hangul letters end. */
const PATTERNS: readonly RegExp[] = [
  new RegExp(`(?:${LABEL_CN}|${INTRO_CN})(?<name>${CHINESE_NAME})(?![${HAN}]{2})`, 'gu'),
  // No boundary before: Chinese has no spaces, so "请联系张伟先生" puts a verb right before the name.
  new RegExp(`(?<name>${CHINESE_NAME})${TITLE_CN}`, 'gu'),
  new RegExp(`(?:${LABEL_JP})(?<name>${JAPANESE_NAME})(?=${TITLE_JP}|です|と申します|\\s|$|[、。,.])`, 'gu'),
  new RegExp(`(?<![${HAN}])(?<name>${JAPANESE_NAME})${TITLE_JP}`, 'gu'),
  new RegExp(`(?:${LABEL_KR})(?<name>${KOREAN_NAME})(?=입니다|이에요|예요|\\s|$|[,.])`, 'gu'),
  new RegExp(`(?<![${HANGUL}])(?<name>${KOREAN_NAME})${TITLE_KR}`, 'gu'),
];

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

/**
 * Words that start with a surname character and often stand right before a name and title
 * ("顾客李女士" is the customer Ms Li, not "顾客李"): a candidate that starts with one is dropped.
 */
const CHINESE_LEAD_WORDS = new Set(
  '顾客 顧客 高级 高級 金牌 周末 方便 白天 万一 萬一 于是 程序 任何 马上 馬上 黄金 黃金 许多 許多 何时 何時 叶子 陆续 陸續 向来 向來 史上 毛病 钱包 錢包 严重 嚴重 武器 龙头 龍頭 余下 田地 江湖 孙子 孫子 林业 林業 石油 朱红 朱紅 方面 方向 高中 周围 周圍 关于 关系 關係 于此 程度 任务 任務 曾经 曾經 石头 石頭 金额 金額 贺卡 賀卡'.split(
    ' ',
  ),
);

/** Nouns Japanese writes with 様/さん for politeness: roles and groups, not names ("担当者様"). */
const JAPANESE_ROLES = new Set(
  '会社 御社 貴社 担当 担当者 会員 顧客 利用者 各位 関係者 保護者 株主 患者 先方 管理者 運営 事務局 主催者 購入者 出品者 落札者 当選者 応募者 参加者 受講者 来場者 取引先 お客 皆 神 仏 王 殿下 陛下 奥'.split(
    ' ',
  ),
);

export function findCjkNames(text: string): CjkName[] {
  if (!CJK.test(text)) return [];
  const found: CjkName[] = [];
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const name = m.groups?.name;
      if (!name || JAPANESE_ROLES.has(name) || CHINESE_LEAD_WORDS.has(name.slice(0, 2))) continue;
      const start = (m.index as number) + m[0].indexOf(name);
      found.push({ start, end: start + name.length, score: 0.8 });
    }
  }
  // Two cues can find the same name ("姓名：王小明先生"): keep one, the earliest and longest.
  return keepBestNonOverlapping(found, (a, b) => a.start - b.start || b.end - a.end);
}
