import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectAddresses } from './detect-address.ts';
import { detectPii } from './pii-scanner.ts';

const found = (text: string): string[] => detectAddresses(text).map((s) => text.slice(s.start, s.end));

test('Chinese, Japanese and Korean addresses, whole, without the sentence around them', () => {
  for (const [text, address] of [
    [
      '我的地址是北京市朝阳区建国路88号SOHO现代城5号楼1201室。',
      '北京市朝阳区建国路88号SOHO现代城5号楼1201室',
    ],
    ['寄到上海市浦东新区世纪大道100号', '上海市浦东新区世纪大道100号'],
    ['他住在广州市天河区天河路385号', '广州市天河区天河路385号'],
    ['台北市信義區信義路五段7號89樓', '台北市信義區信義路五段7號89樓'],
    ['送り先は〒100-0001 東京都千代田区千代田1-1です。', '〒100-0001 東京都千代田区千代田1-1'],
    ['住所は大阪市北区梅田3丁目1番3号です', '大阪市北区梅田3丁目1番3号'],
    ['住所：大阪府大阪市北区梅田3丁目1番3号', '大阪府大阪市北区梅田3丁目1番3号'],
    ['横浜市中区山下町1-2-3 グランドビル5階', '横浜市中区山下町1-2-3 グランドビル5階'],
    ['주소는 서울특별시 강남구 테헤란로 152, 12층입니다.', '서울특별시 강남구 테헤란로 152, 12층'],
    ['경기도 성남시 분당구 정자동 178-1', '경기도 성남시 분당구 정자동 178-1'],
  ]) {
    assert.deepEqual(found(text as string), [address], text);
  }
});

test('places without a street number, and numbered prose, are not addresses', () => {
  for (const text of [
    '北京市朝阳区很大', // a city and a district: a place
    '東京都千代田区に住んでいます', // the same in Japanese
    '서울특별시 강남구에 살아요', // and in Korean
    '我在北京市工作了3年', // a city and a number
    '第3号文件', // a numbered document
    '请看第5章第3节的图2-1', // a figure reference
    '新宿区3-5です', // one municipality and a hyphenated pair: too little
    '会议在3号会议室举行', // a meeting room
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('the PII scanner reports them as ADDRESS, and long inputs stay linear', () => {
  const text = '请把合同寄到上海市浦东新区世纪大道100号，谢谢。';
  assert.deepEqual(
    detectPii(text)
      .filter((s) => s.type === 'ADDRESS')
      .map((s) => text.slice(s.start, s.end)),
    ['上海市浦东新区世纪大道100号'],
  );
  // Units that can end at many suffix characters ("市区路…") are matched once each, not retried.
  for (const shape of ['市区路'.repeat(33_000), '大阪市北区梅田'.repeat(14_000), '汉'.repeat(100_000)]) {
    const t0 = performance.now();
    detectAddresses(shape);
    const ms = performance.now() - t0;
    // ~100 ms when written; without the atomic units "市区路…" took ~1 s per 100 KB.
    assert.ok(ms < 1500, `${shape.slice(0, 6)}… ${ms.toFixed(0)} ms`);
  }
});

test('Russian inflected, Hebrew and Arabic street words, and the Arabic comma', () => {
  for (const [text, address] of [
    ['Доставьте на улицу Ленина 10, Санкт-Петербург', 'улицу Ленина 10, Санкт-Петербург'],
    ['הכתובת שלי היא רחוב הרצל 10, תל אביב', 'רחוב הרצל 10, תל אביב'],
    ['عنواني شارع الملك فهد 123، الرياض 12214', 'شارع الملك فهد 123، الرياض 12214'],
  ]) {
    assert.deepEqual(found(text as string), [address], text);
  }
  for (const text of [
    'مرحبا، كيف حالك؟ لدي 3 أطفال، وهم بخير', // numbers in Arabic prose
    'الطلب رقم 12345، تم شحنه', // an order number
    'יש לי 3 ילדים ו-2 כלבים', // numbers in Hebrew prose
    'Он прожил 3 года в доме 5', // and in Russian
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});
