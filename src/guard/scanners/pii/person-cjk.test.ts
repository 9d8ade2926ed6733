import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectPii } from './pii-scanner.ts';

const persons = (text: string): string[] =>
  detectPii(text)
    .filter((s) => s.type === 'PERSON')
    .map((s) => text.slice(s.start, s.end));

test('Chinese, Japanese and Korean names where the text marks them', () => {
  for (const [text, name] of [
    ['我叫王小明，电话13912345678', '王小明'],
    ['收件人：李娜', '李娜'],
    ['请联系张伟先生。', '张伟'],
    ['山田太郎様', '山田太郎'],
    ['田中さん、こんにちは', '田中'],
    ['氏名：佐藤花子', '佐藤花子'],
    ['김민수 씨에게 연락하세요', '김민수'],
    ['저는 이영희입니다', '이영희'],
    ['이름: 박지성', '박지성'],
  ]) {
    assert.deepEqual(persons(text as string), [name], text);
  }
});

test('honorifics on roles, surnames alone and ordinary words are not names', () => {
  for (const text of [
    '王先生好', // a Chinese surname alone: a polite reference
    '我是学生', // "I am a student"
    '我是李老师的学生', // the name runs into a longer phrase: its end is unclear
    '这是我们的王牌产品', // a surname character inside a word
    '顾客李女士', // "the customer, Ms Li": not "顾客李"
    '会社様', // a company written politely
    '担当者様へ', // "to the person in charge"
    '김치찌개 님', // not a surname and given name
    '今天天气很好',
  ]) {
    assert.deepEqual(persons(text), [], text);
  }
});

test('long CJK inputs stay linear', () => {
  for (const text of [
    '王小明先生'.repeat(20_000),
    '我叫'.repeat(50_000),
    '様'.repeat(100_000),
    '김민수 씨'.repeat(20_000),
  ]) {
    const t0 = performance.now();
    detectPii(text);
    assert.ok(performance.now() - t0 < 3000, text.slice(0, 6));
  }
});
