import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { createPiiScanner } from '../scanners/pii/pii-scanner.ts';
import { createSecretsScanner } from '../scanners/secrets/secrets-scanner.ts';
import { guardTextStream } from './guard-stream.ts';
import { createStreamScreener } from './stream-screener.ts';

const KEY = `ghp_${'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI2kM4'}`;
const chunked = (text: string, size: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
};

describe('stream screener', () => {
  test('a secret split across chunks is caught once, with stream offsets', () => {
    const text = `Sure, here is the config. The token is ${KEY} — keep it safe. More text follows here.`;
    for (const size of [1, 3, 7, 16]) {
      const screener = createStreamScreener({ scanners: [createSecretsScanner()] });
      const verdicts = chunked(text, size).map((c) => screener.push(c));
      const blocked = verdicts.filter((v) => v.verdict === 'block');
      assert.ok(blocked.length >= 1, `chunk size ${size}`);
      const first = blocked[0];
      assert.equal(first?.blockedBy, 'secrets');
      const f = first?.findings.find((x) => x.type === 'github-pat');
      assert.ok(f && text.slice(f.start, f.end) === KEY, `offsets at chunk size ${size}`);
      assert.ok(
        verdicts.slice(verdicts.indexOf(first as never) + 1).every((v) => v.emit === ''),
        'nothing after a block',
      );
    }
  });
  test('a secret found only once the text after it arrives is caught at every chunking', () => {
    // The password of a connection string is a credential only once "@host" follows it; the span
    // then lies wholly in the re-scanned tail, and used to be taken as reported already.
    const text = 'Sure, the config is: postgres://admin:S3cr3tP4ss@db.internal:5432/prod and that is all.';
    for (let size = 1; size <= 24; size++) {
      const screener = createStreamScreener({ scanners: [createSecretsScanner()] });
      const verdicts = chunked(text, size).map((c) => screener.push(c));
      const blocked = verdicts.find((v) => v.verdict === 'block');
      assert.ok(blocked, `chunk size ${size}`);
      const f = blocked.findings[0];
      assert.ok(f && text.slice(f.start, f.end) === 'S3cr3tP4ss', `offsets at chunk size ${size}`);
    }
  });

  test('a token cut by the overlap is re-scanned whole: a JWT in a link is caught at every position', () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: '1234567890', pad: 'y'.repeat(120) })}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`;
    const prose = 'The weather in Oslo is mild today and nothing here is secret. '.repeat(6);
    let missed = 0;
    for (let prefix = 200; prefix <= 330; prefix += 7) {
      const text = `${prose.slice(0, prefix)}https://app.example.com/verify/${jwt}&state=1 done.`;
      for (const size of [1, 5, 13, 29]) {
        const screener = createStreamScreener({ scanners: [createSecretsScanner()] });
        if (!chunked(text, size).some((c) => screener.push(c).verdict === 'block')) missed++;
      }
    }
    // Before the tail kept a cut token whole, about half of these positions passed.
    assert.equal(missed, 0);
  });

  test('clean streams pass through unchanged; hold-back delays only the tail', () => {
    const text = 'The weather in Oslo is mild today. Nothing secret here at all, just prose. '.repeat(5);
    const screener = createStreamScreener({
      scanners: [createSecretsScanner(), createPiiScanner()],
      holdBack: 32,
    });
    let out = '';
    for (const c of chunked(text, 11)) {
      const v = screener.push(c);
      assert.equal(v.verdict, 'pass');
      out += v.emit;
    }
    assert.equal(text.length - out.length, 32);
    out += screener.end().emit;
    assert.equal(out, text);
  });
  test('with hold-back, a key is stopped before any of it is forwarded', () => {
    const screener = createStreamScreener({ scanners: [createSecretsScanner()], holdBack: 64 });
    let forwarded = '';
    for (const c of chunked(`token: ${KEY} end`, 5)) forwarded += screener.push(c).emit;
    assert.ok(!forwarded.includes('ghp_'));
  });
  test('guardTextStream ends with a guardrail_blocked error naming policy and scanner, not the secret', async () => {
    async function* source() {
      yield* chunked(`prefix ${KEY} suffix`, 6);
    }
    const seen: string[] = [];
    await assert.rejects(
      async () => {
        for await (const piece of guardTextStream(source(), {
          scanners: [createSecretsScanner()],
          policy: 'p1',
        }))
          seen.push(piece);
      },
      (e: unknown) =>
        e instanceof KeelError &&
        e.code === 'guardrail_blocked' &&
        e.message.includes("'p1'") &&
        !e.message.includes('ghp_'),
    );
  });
  test('per-chunk cost stays small (generous bound)', () => {
    const screener = createStreamScreener({ scanners: [createSecretsScanner(), createPiiScanner()] });
    const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(200);
    const times = chunked(text, 24)
      .map((c) => screener.push(c).latencyMs)
      .sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)] ?? 0;
    assert.ok(p50 < 20, `p50 ${p50} ms`);
  });
});
