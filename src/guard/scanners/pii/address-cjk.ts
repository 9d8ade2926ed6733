/**
 * Postal addresses written in Chinese, Japanese and Korean, which the Latin-script detector cannot
 * read (no spaces, no capitals, administrative suffixes instead of street-type words). Each format
 * runs from the larger unit to the smaller and ends in a number with its own suffix, so a block is
 * taken only when it has both: at least one administrative unit and a street or block number.
 * A city and district alone ("北京市朝阳区", "東京都千代田区") name a place, not an address, and are
 * left alone.
 *
 * - China and Taiwan: [province] city/district, road (路, 街, 道, 巷, 弄, 大道…), [section 段],
 *   number 号/號, then building, floor and room ("北京市朝阳区建国路88号SOHO现代城5号楼1201室",
 *   "台北市信義區信義路五段7號89樓").
 * - Japan: [〒postcode] [prefecture 都道府県] municipality 市区町村, area, then 丁目/番地/号 or the
 *   hyphenated block-lot form ("〒100-0001 東京都千代田区千代田1-1", "大阪府大阪市北区梅田3丁目1番3号").
 * - Korea: 시/도, 시/군/구, then a road name (로/길) or a neighbourhood (동/리) and its number,
 *   floor and unit ("서울특별시 강남구 테헤란로 152, 12층").
 *
 * Every quantifier is bounded and every "name, then suffix" unit is atomic (see `atomic`), so each
 * attempt is short and the scan stays linear in the input (address-cjk.test.ts times it).
 */

export interface CjkAddress {
  start: number;
  end: number;
  score: number;
}

const HAN = '\\p{Script=Han}';
const KANA = '\\p{Script=Hiragana}\\p{Script=Katakana}ー';
const DIGIT = '[0-9０-９]';
const NUMERAL = '[0-9０-９一二三四五六七八九十百]';
const DASH = '[-－‐ー−]';

/**
 * `(?=(?<a>X))\k<a>` matches X once, its first (shortest, for a lazy X) way, and never goes back into
 * it: an atomic group. Without it, each lazy "name then suffix" unit could end at every later suffix
 * character, and text such as "市区路市区路…" tried thousands of combinations per position.
 */
let groups = 0;
function atomic(pattern: string): string {
  groups++;
  return `(?=(?<a${groups}>${pattern}))\\k<a${groups}>`;
}

const CHINESE = new RegExp(
  [
    `(?:${atomic(`[${HAN}]{2,8}?(?:省|自治区|自治區|特别行政区|特別行政區)`)})?`,
    // A city, then maybe its district; or a district alone.
    `(?:${atomic(`[${HAN}]{1,6}?[市州盟]`)}(?:${atomic(`[${HAN}]{1,6}?[区區县縣旗]`)})?|${atomic(`[${HAN}]{1,6}?[区區县縣旗]`)})`,
    `(?:${atomic(`[${HAN}]{1,6}?[镇鎮乡鄉]`)})?`,
    atomic(`[${HAN}0-9０-９A-Za-z]{1,12}?(?:大道|大街|胡同|路|街|道)`),
    `(?:${NUMERAL}{1,3}段)?`,
    `(?:${DIGIT}{1,4}[巷弄]){0,2}`,
    `${DIGIT}{1,5}[号號]`,
    // Building, block, unit, floor, room: "SOHO现代城5号楼1201室", "89樓".
    `(?:${atomic(`[${HAN}A-Za-z]{0,12}?${DIGIT}{1,5}(?:号楼|號樓|栋|棟|座|单元|單元|楼|樓|层|層|室|[Ff]|号|號)`)}){0,4}`,
  ].join(''),
  'gu',
);

const JAPANESE = new RegExp(
  [
    `(?:〒\\s?${DIGIT}{3}${DASH}?${DIGIT}{4}\\s*)?`,
    '(?:東京都|北海道|京都府|大阪府|[\\p{Script=Han}]{2,3}県)?',
    // One or two municipalities: "千代田区", "大阪市北区", "横浜市中区".
    `(?:${atomic(`[${HAN}${KANA}ヶ]{1,8}?[市区町村郡]`)}){1,2}`,
    atomic(`[${HAN}${KANA}ヶ]{0,8}?(?=${NUMERAL})`),
    // The block and lot: "3丁目1番3号", "1-1", "2-3-4".
    `(?:${NUMERAL}{1,3}丁目\\s?${DIGIT}{1,5}(?:番地?${DIGIT}{0,5}号?|${DASH}${DIGIT}{1,5})?` +
      `|${DIGIT}{1,5}番地?(?:${DIGIT}{1,5}号)?` +
      `|${DIGIT}{1,4}${DASH}${DIGIT}{1,4}(?:${DASH}${DIGIT}{1,4})?)`,
    // A building and room: "グランドビル5階", "メゾン101号室".
    `(?:\\s?${atomic(`[${HAN}${KANA}A-Za-z]{1,16}?${DIGIT}{1,4}(?:階|号室|号)`)})?`,
  ].join(''),
  'gu',
);

const KOREAN = new RegExp(
  [
    '(?:(?:서울|부산|대구|인천|광주|대전|울산)(?:특별시|광역시|시)|세종특별자치시|[\\p{Script=Hangul}]{2,3}(?:특별자치도|도))',
    '(?:\\s[\\p{Script=Hangul}]{1,4}[시군구]){1,2}',
    // A road and building number, or a neighbourhood and lot number.
    `(?:\\s[\\p{Script=Hangul}0-9]{1,10}(?:로|길)\\s?${DIGIT}{1,5}(?:-${DIGIT}{1,4})?` +
      `|\\s[\\p{Script=Hangul}0-9]{1,8}[동리가]\\s?${DIGIT}{1,5}(?:-${DIGIT}{1,4})?(?:번지)?)`,
    // Floor, unit and apartment: ", 12층", " 101동 1203호".
    `(?:,?\\s?${DIGIT}{1,4}(?:층|호|동)){0,3}`,
  ].join(''),
  'gu',
);

/**
 * A Japanese block needs more than a municipality and "1-1": a postcode, a prefecture, 丁目 or 番,
 * or two administrative units ("横浜市中区…1-2-3").
 */
function japaneseEnough(block: string): boolean {
  if (/^〒|^(?:東京都|北海道|京都府|大阪府|\p{Script=Han}{2,3}県)|丁目|番/u.test(block)) return true;
  const beforeNumber = block.slice(0, block.search(/[0-9０-９]/));
  return (beforeNumber.match(/[市区町村郡]/g)?.length ?? 0) >= 2;
}

/**
 * Where the address starts inside a match that began in the sentence: after the last particle,
 * copula or punctuation before its first administrative suffix ("我的地址是|北京市…", "寄到|上海市…",
 * "住所は|大阪市…"). None of these characters is used inside the names they precede.
 */
const LEAD_BREAK = /[是在到住寄的址送往はがをにでへともの：:、，,。\s]/u;
const FIRST_UNIT = /[省市州盟区區县縣旗都道府県町村郡]/u;

function startAfterLead(block: string): number {
  if (block.startsWith('〒')) return 0;
  const unit = block.search(FIRST_UNIT);
  const head = unit < 0 ? block : block.slice(0, unit);
  for (let i = head.length - 1; i >= 0; i--) if (LEAD_BREAK.test(head[i] as string)) return i + 1;
  return 0;
}

function push(found: CjkAddress[], m: RegExpMatchArray, block: string): void {
  const cut = startAfterLead(block);
  const start = (m.index as number) + cut;
  const end = (m.index as number) + block.length;
  // What is left after a cut must still hold a unit before its number.
  const rest = block.slice(cut);
  if (cut > 0 && !FIRST_UNIT.test(rest.slice(0, rest.search(/[0-9０-９]/)))) return;
  found.push({ start, end, score: 0.85 });
}

/** Hangul Jamo, CJK punctuation, kana and ideographs, Hangul syllables, compatibility and full-width forms. */
const CJK = /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

export function findCjkAddresses(text: string): CjkAddress[] {
  if (!CJK.test(text)) return [];
  const found: CjkAddress[] = [];
  for (const m of text.matchAll(CHINESE)) push(found, m, m[0]);
  for (const m of text.matchAll(JAPANESE)) {
    const block = m[0].trimEnd();
    if (japaneseEnough(block.slice(startAfterLead(block)).trimStart())) push(found, m, block);
  }
  for (const m of text.matchAll(KOREAN))
    found.push({ start: m.index, end: m.index + m[0].length, score: 0.85 });
  return found;
}
