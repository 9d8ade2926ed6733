import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectPersons } from './detect-person.ts';

const names = (text: string): string[] => detectPersons(text).map((s) => text.slice(s.start, s.end));

test('a full name typed in lower case inside a normally written sentence', () => {
  for (const [text, name] of [
    ['Please forward this to natasha higuchi.', 'natasha higuchi'],
    ['Can you draft an email to roberto yamamura about the delay?', 'roberto yamamura'],
    ['Thanks, alexandra fowler', 'alexandra fowler'],
    ['The report was written by christina schiavone and reviewed.', 'christina schiavone'],
    ['I spoke with tammy gyarmathy yesterday.', 'tammy gyarmathy'],
  ]) {
    assert.deepEqual(names(text as string), [name], text);
  }
});

test('lower-case look-alikes in mixed-case text stay prose', () => {
  for (const text of [
    'Ask joshua about it.', // one word: not enough
    'We met grace hopper fans at the Conference.', // "grace" is an English word
    'Send it to will smith tomorrow? No, Will is away.', // "will" is an English word
    'Natasha said: see joe http://t.co/abc', // a link, not a surname
    'Thanks natasha rn I am busy.', // no vowel: slang, not a surname
    'My cat likes natasha higuchi-style sushi? The Chef knows.', // not where a name is expected
    'Forward it to natasha van der berg.', // a longer run: its end is unclear
  ]) {
    assert.deepEqual(
      names(text).filter((n) => n === n.toLowerCase()),
      [],
      text,
    );
  }
});

test('a lone surname after words that address or talk to someone', () => {
  for (const [text, name] of [
    ['cc Kovalev', 'Kovalev'],
    ['I spoke with Mikolčić yesterday about the refund.', 'Mikolčić'],
    ['Can you draft an email to Gairbekov about the delay?', 'Gairbekov'],
    ['Signed: Lafontaine', 'Lafontaine'],
    ['From: Söderberg\nSubject: invoice', 'Söderberg'],
  ]) {
    assert.deepEqual(names(text as string), [name], text);
  }
  for (const text of [
    'I spoke with Support yesterday.', // a common word
    'To: Sales', // a common word
    'We talked about Kubernetes.', // not talked to or with
    'cc: Marketing', // a common word
  ]) {
    assert.deepEqual(names(text), [], text);
  }
});

test('"my name is" in other languages introduces a name in any script', () => {
  for (const [text, name] of [
    ['Меня зовут Иван Петров, телефон +7 912 345-67-89', 'Иван Петров'],
    ['Mijn naam is Sanne de Vries', 'Sanne de Vries'],
    ['Nazywam się Kasia Nowak', 'Kasia Nowak'],
  ]) {
    assert.deepEqual(names(text as string), [name], text);
  }
  // German addresses people as "Sie": a pronoun, not a name.
  assert.deepEqual(names('Ich heiße Sie willkommen'), []);
});

test('Cyrillic and Greek names meet the name lists through transliteration', () => {
  for (const [text, name] of [
    ['Иван Петров приедет завтра.', 'Иван Петров'],
    ['Меня зовут Сергей', 'Сергей'],
    ['Лев Толстой написал роман', 'Лев Толстой'],
  ]) {
    assert.deepEqual(names(text as string), [name], text);
  }
  // One Cyrillic word that transliterates to a name is also a word ("house", "faith"): not alone.
  for (const text of ['Дом стоит на холме', 'Вера в себя важна.', 'Москва — столица России']) {
    assert.deepEqual(names(text), [], text);
  }
});
