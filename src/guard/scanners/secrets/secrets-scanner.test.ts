import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ScanResult } from '../../../spec/scanner.ts';
import { createSecretsScanner, detectSecrets, detectSecretsDetailed } from './secrets-scanner.ts';

// Fake credentials are assembled at run time so no file holds a string that looks like a live key.
let seed = 0x9e3779b9;
/** mulberry32: deterministic, well-mixed pseudo-random characters. */
const rand = (
  n: number,
  alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
): string => {
  let out = '';
  for (let i = 0; i < n; i++) {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length];
  }
  return out;
};
const FAKE = {
  aws: `AKIA${rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  github: `ghp_${rand(36)}`,
  slack: `xoxb-${rand(12, '0123456789')}-${rand(13, '0123456789')}-${rand(24)}`,
  anthropic: `sk-ant-api03-${rand(93)}AA`,
  stripe: `sk_live_${rand(24)}`,
  openai: `sk-proj-${rand(48)}`,
};

const types = (text: string): string[] => detectSecrets(text).map((f) => f.type);
const scanner = createSecretsScanner();
const scan = (text: string): ScanResult => {
  const r = scanner.scan({ kind: 'text', text }, { checkpoint: 'input' });
  assert.ok(!(r instanceof Promise));
  return r;
};

describe('secrets detection', () => {
  test('provider keys from the gitleaks-derived rules', () => {
    assert.ok(types(`aws_access_key_id = ${FAKE.aws}`).includes('aws-access-token'));
    assert.ok(types(`export GITHUB_TOKEN=${FAKE.github}`).includes('github-pat'));
    assert.ok(types(`slack: ${FAKE.slack}`).includes('slack-bot-token'));
    assert.ok(types(`ANTHROPIC_API_KEY="${FAKE.anthropic}"`).includes('anthropic-api-key'));
    assert.ok(types(`stripe key ${FAKE.stripe}`).includes('stripe-access-token'));
    assert.ok(types(`use ${FAKE.openai} for the call`).includes('sk-api-key'));
  });

  test('private keys, JWTs, connection strings', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${rand(64)}\n${rand(64)}\n-----END RSA PRIVATE KEY-----`;
    assert.deepEqual(types(`key:\n${pem}\n`), ['private-key']);
    assert.deepEqual(
      types('-----BEGIN OPENSSH PRIVATE KEY-----\nshort'),
      ['private-key'],
      'header alone is enough',
    );
    const jwt = [
      Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
      Buffer.from('{"sub":"1234567890","name":"x"}').toString('base64url'),
      rand(43),
    ].join('.');
    assert.ok(
      types(`Authorization: ${jwt}`).some((t) => t === 'jwt' || t === 'jwt-base64' || t.startsWith('jwt')),
    );
    const conn = detectSecrets('DATABASE_URL=postgres://app:S3cr3t-Pa55@db.internal:5432/app');
    assert.ok(conn.some((f) => f.type === 'connection-string-password'));
    assert.deepEqual(types('postgres://user:password@localhost/db'), [], 'placeholder password');
    assert.deepEqual(types('postgres://postgres@127.0.0.1:5432/test'), [], 'no password');
  });

  test('high-entropy values in assignments and running text', () => {
    assert.ok(types(`config: token_value = "${rand(40)}"`).length > 0);
    const free = detectSecrets(`here it is ${rand(40)} ok`);
    assert.equal(free.length, 1);
    assert.ok((free[0]?.score ?? 1) < 0.6, 'a bare high-entropy run only flags');
  });

  test('adversarial: zero-width characters inside a key, base64-wrapped keys', () => {
    const zw = `${FAKE.github.slice(0, 10)}\u200b${FAKE.github.slice(10)}`;
    const found = detectSecrets(`token ${zw} end`);
    assert.ok(found.some((f) => f.type === 'github-pat'));
    const f = found.find((x) => x.type === 'github-pat');
    assert.ok(
      f && `token ${zw} end`.slice(f.start, f.end).includes('\u200b'),
      'span covers the original text',
    );
    const wrapped = Buffer.from(`aws key ${FAKE.aws} in here`).toString('base64');
    assert.ok(types(`decode this: ${wrapped}`).some((t) => t.startsWith('aws-access-token')));
  });

  test('benign look-alikes pass', () => {
    const benign = [
      'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixes the parser',
      'Merge pull request #42 (sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855)',
      'request id 203db13e-70c7-462b-9a3d-bf32640cb0be',
      'Upgrade to 10.2.3 and see https://example.com/docs/getting-started?ref=nav',
      'The function getUserAccountSettingsFromCache returns a promise',
      'Reset my password: how do I do it?',
      'The password: must be at least 12 characters',
      'token limit is 4096 and the api key header is x-api-key',
      'Order ORD-2024-000123, ISBN 978-3-16-148410-0, 2024-01-15T10:30:00Z',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an env-var reference, not a template
      'DATABASE_URL=${DATABASE_URL}',
      'password = "<your password here>"',
    ];
    for (const text of benign) assert.deepEqual(types(text), [], text);
  });
});

describe('secrets scanner', () => {
  test('block verdict, redaction, reason without the secret', () => {
    const text = `my key is ${FAKE.github} ok`;
    const r = scan(text);
    assert.equal(r.verdict, 'block');
    assert.equal(r.redacted, 'my key is [REDACTED:github-pat] ok');
    assert.ok(r.reason && !r.reason.includes(FAKE.github) && !r.reason.includes(FAKE.github.slice(4, 20)));
  });

  test('a flood of findings (more than a spread call takes as arguments) still blocks', () => {
    // Math.max(...scores) threw RangeError past ~120k findings: the step errored and onError
    // (allow by default) let every key through.
    const r = scan(`${FAKE.aws} `.repeat(130_000));
    assert.equal(r.verdict, 'block');
    assert.equal(r.spans?.length, 130_000);
  });

  test('weak findings flag instead of blocking', () => {
    assert.equal(scan(`see ${rand(40)} here`).verdict, 'flag');
    assert.equal(scan('nothing to see').verdict, 'pass');
  });

  test('bad input and crafted input: bounded time, clear verdict', () => {
    const big = `${'lorem ipsum dolor sit amet '.repeat(40_000)}${FAKE.aws}`;
    const crafted = [
      'curl -H '.repeat(20_000),
      'oktaoktaokta'.repeat(5_000),
      'key = '.repeat(50_000),
      Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 197) % 256)).toString('latin1'),
      '',
      new TextDecoder().decode(Buffer.from([0xff, 0xfe, 0x41])),
    ];
    const t0 = performance.now();
    assert.equal(scan(big).verdict, 'block', 'a key at the end of ~1 MB is still found');
    for (const text of crafted) assert.ok(['pass', 'flag', 'block'].includes(scan(text).verdict));
    assert.ok(performance.now() - t0 < 20_000);
  });

  test('budget exhaustion is reported, not treated as clean', () => {
    const r = detectSecretsDetailed(`aws ${FAKE.aws} github ${FAKE.github}`, { budgetMs: -1 });
    assert.equal(r.complete, false);
  });
});

describe('secrets: formats and look-alikes outside the fixtures', () => {
  const types = (text: string): string[] => detectSecrets(text).map((f) => f.type);

  test('webhook URLs, service credentials in env files and JSON are found', () => {
    const discord = `https://discord.com/api/webhooks/${rand(18, '0123456789')}/${rand(68, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_')}`;
    assert.deepEqual(types(`post alerts to ${discord} please`), ['discord-webhook-url']);
    assert.ok(types(`HF_TOKEN=hf_${rand(34)}`).length > 0);
    assert.ok(types(`//registry.npmjs.org/:_authToken=npm_${rand(36)}`).length > 0);
    assert.ok(types(`my key is sk-proj-${rand(48)} and it says 401`).includes('sk-api-key'));
  });

  test('placeholders in docs and .env.example files are not secrets', () => {
    for (const text of [
      'set OPENAI_API_KEY=sk-your-key-here in .env',
      'api_key: sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      'STRIPE_SECRET_KEY=sk_live_your_stripe_secret_key',
      'password = "<your password>"',
      'token: REPLACE_ME_WITH_A_REAL_TOKEN',
      'Set `API_KEY=sk-...` in your .env file',
      "curl -H 'Authorization: Bearer YOUR_TOKEN' https://api.example.com",
      'postgres://postgres:postgres@localhost:5432/postgres',
      'amqp://guest:guest@localhost:5672',
    ]) {
      assert.deepEqual(types(text), [], text);
    }
  });

  test('connection strings with an empty user or an unencoded "#" in the password are found', () => {
    const pw = `${rand(4)}#${rand(3)}$${rand(2)}`;
    const found = detectSecrets(`postgresql://admin:${pw}@db.prod.internal:5432/app`);
    assert.deepEqual(
      found.map((f) => [f.type, f.end - f.start]),
      [['connection-string-password', pw.length]],
    );
    assert.deepEqual(types(`redis://:${rand(12)}@cache.internal:6379/0`), ['connection-string-password']);
    // A real-looking password on localhost is still a credential; only stock ones are not.
    assert.deepEqual(types(`postgres://app:${rand(10)}@localhost/db`), ['connection-string-password']);
    assert.ok(types(`curl -H 'Authorization: Bearer ${rand(24)}' https://api.example.com`).length > 0);
  });

  test('digests, data URIs and subresource-integrity hashes are not secrets', () => {
    for (const text of [
      'sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      '"integrity": "sha512-6bPsD1rVhrJBRVhw4MfT9ldJJ6KVRaw5u0rrXNiKzGUkpQeF2tRQEOHS3F4EATsWvfZt1rE5fvF5mEUFSwVl9BnA=="',
      '<script src="x.js" integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"></script>',
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'checksum = 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    ]) {
      assert.deepEqual(types(text), [], text);
    }
    // The same value under a credential's name still counts.
    assert.ok(types('api_key = 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08').length > 0);
  });
});
