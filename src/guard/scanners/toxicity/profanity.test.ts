import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanResult } from '../../../spec/scanner.ts';
import { normalizeForDetection } from '../../normalize/index.ts';
import { scanProfanity } from './profanity.ts';
import { profanityTarget } from './profanity-target.ts';
import { classifyWord } from './profanity-words.ts';
import { createToxicityScanner, defaultToxicityModel, type ProfanityMode } from './toxicity-scanner.ts';

const scanners = {
  allow: createToxicityScanner({ profanity: 'allow' }),
  flag: createToxicityScanner(),
  block: createToxicityScanner({ profanity: 'block' }),
};
const scan = (text: string, mode: ProfanityMode = 'flag'): ScanResult =>
  scanners[mode].scan({ kind: 'text', text }, { checkpoint: 'input' }) as ScanResult;

function target(text: string): string | undefined {
  const normalized = normalizeForDetection(text);
  const { tokens } = scanProfanity(normalized);
  return profanityTarget(tokens, text, (n) => normalized.offsets[n] ?? text.length);
}

// Frustrated developers talking to an LLM app: the profanity is about code, not a person.
const FRUSTRATED = [
  'this code is a fucking mess',
  'why the hell does this shit keep crashing',
  'holy fuck it finally works',
  'This f*cking build is broken again.',
  'the sh1t compiler keeps throwing the same errors',
  'fuuuuck, the server is down again',
  'wtf is this error, the docs say nothing about it',
  'Can you help me fix this fucking bug? It has been three days.',
  'how the fuck do you center a div',
  'damn, my tests are failing again',
  'this API is a piece of shit, any alternatives?',
  'F**k this webpack config, nothing works',
  'ugh this sh*t again, npm install failed',
  "you're a fucking genius, that fixed it",
];

describe('toxicity: profanity aimed at no one', () => {
  it('does not block frustrated prompts; flags them by default with profanity spans', () => {
    const threshold = defaultToxicityModel().threshold;
    for (const text of FRUSTRATED) {
      const result = scan(text);
      assert.equal(result.verdict, 'flag', text);
      // The score is what is left without the expletives, so a policy threshold does not fire on it.
      assert.ok(result.score < threshold, `${text}: ${result.score}`);
      assert.ok(result.spans?.length && result.spans.every((s) => s.type === 'toxicity:profanity'), text);
      assert.match(result.reason ?? '', /^profanity aimed at no one/);
      assert.equal(scan(text, 'allow').verdict, 'pass', text);
      assert.equal(scan(text, 'block').verdict, 'block', text);
    }
  });

  it('spans cover the expletives as written, and reasons do not repeat them', () => {
    const text = 'This f*cking build, what the hell';
    const result = scan(text);
    assert.deepEqual(
      result.spans?.map((s) => text.slice(s.start, s.end)),
      ['f*cking', 'hell'],
    );
    assert.doesNotMatch(result.reason ?? '', /f\*cking|hell/);
  });

  it('text without profanity is unaffected by the option', () => {
    for (const mode of ['allow', 'flag', 'block'] as const) {
      assert.equal(scan('The history of the Roman empire is fascinating.', mode).verdict, 'pass');
      assert.equal(scan('Which craps bets have the lowest house edge?', mode).verdict, 'pass');
      assert.equal(scan("Summarise Dante's descent into hell in the Inferno.", mode).verdict, 'pass');
    }
  });
});

describe('toxicity: profanity aimed at someone is abuse, whatever the option', () => {
  const cases = {
    person: [
      'you are a fucking idiot',
      'fuck you',
      'F*ck y0u and your garbage company',
      'go f*ck yourself',
      'you piece of sh1t',
      'Listen here you little shit, do what I say.',
      "you're the worst fucking assistant ever",
      'my boss is full of shit',
      'damn you',
      'fuck this guy',
    ],
    addressed: [
      'shut the f*ck up already',
      'what the fuck is wrong with you',
      'i fucking hate you',
      'STFU, loser',
    ],
    group: ['fuck those immigrants', 'women are fucking useless', 'this shit is so gay'],
  };

  for (const [why, texts] of Object.entries(cases)) {
    it(`blocks (${why})`, () => {
      for (const text of texts) {
        for (const mode of ['allow', 'flag', 'block'] as const) {
          assert.equal(scan(text, mode).verdict, 'block', `${mode}: ${text}`);
        }
      }
    });
  }

  it('names why the profanity is aimed', () => {
    assert.equal(target('fuck you'), 'person');
    assert.equal(target('shut the fuck up'), 'addressed');
    assert.equal(target('fuck those immigrants'), 'group');
    assert.equal(target('I said fuck Dave, not the team'), 'name');
    assert.equal(target('FUCK THIS BUILD'), undefined);
    assert.equal(target("fuck I'm tired of this linker"), undefined);
    assert.equal(target('holy shit you did it'), undefined);
    assert.equal(target('are you fucking kidding me, the build broke again'), undefined);
    assert.equal(target('fuck it, you know what, ship it'), undefined);
  });

  it('slurs block, also masked, stretched or split', () => {
    for (const text of [
      'n*ggers should leave',
      'you f@gg0t',
      'what a faaaggot',
      'all these towel heads',
      'shut up, k*ke',
    ]) {
      const result = scan(text, 'allow');
      assert.equal(result.verdict, 'block', text);
      assert.ok(
        result.spans?.some((s) => s.type === 'toxicity:slur'),
        text,
      );
    }
  });

  it('threats block, with or without an expletive in the way', () => {
    for (const text of [
      'I will f*cking kill you',
      "I'm going to fucking hurt your family",
      'I know where you live, motherf*cker',
      'i am gonna beat the shit out of you',
    ]) {
      assert.equal(scan(text, 'allow').verdict, 'block', text);
    }
  });
});

describe('toxicity: offensive word spellings', () => {
  it('reads masked, stretched and abbreviated expletives', () => {
    for (const word of [
      'f*cking',
      'f**k',
      'f***',
      'f***ing',
      'sh*t',
      's**t',
      'fuuuuck',
      'shiiit',
      'wtf',
      'fkn',
      'goddamn',
    ]) {
      assert.equal(classifyWord(word)?.kind, 'profanity', word);
    }
  });

  it('tells people-words, sexual words and slurs from expletives, and leaves ordinary words alone', () => {
    assert.equal(classifyWord('motherf*cker')?.kind, 'insult');
    assert.equal(classifyWord('dipshit')?.kind, 'insult');
    assert.equal(classifyWord('dick')?.kind, 'sexual');
    assert.equal(classifyWord('n****r')?.kind, 'slur');
    assert.equal(classifyWord('b*tch')?.kind, 'insult');
    for (const word of ['f#', 'f*s', 'dam', 'craps', 'shitake', 'scrap', 'class', 'fk', 'hello']) {
      assert.equal(classifyWord(word), undefined, word);
    }
  });
});
