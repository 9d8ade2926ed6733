import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPrivateAddress, publicOnlyLookup, webhookUrlProblem } from './webhook-guard.ts';

describe('webhook guard', () => {
  it('refuses loopback, link-local, private, unspecified and mapped addresses', () => {
    for (const url of [
      'http://127.0.0.1:9911/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::1]/',
      'http://[::]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fe80::1]/',
      'http://[fd00::1]/',
      'http://localhost:8080/',
      'http://api.localhost/',
    ]) {
      assert.match(webhookUrlProblem(url, { allowPrivate: false }) ?? '', /private/, url);
    }
  });

  it('accepts public http(s) URLs, and private ones when the operator allows it', () => {
    assert.equal(webhookUrlProblem('https://hooks.slack.com/services/x', { allowPrivate: false }), undefined);
    assert.equal(webhookUrlProblem('http://93.184.216.34/hook', { allowPrivate: false }), undefined);
    assert.equal(webhookUrlProblem('http://127.0.0.1:9911/hook', { allowPrivate: true }), undefined);
    assert.match(webhookUrlProblem('ftp://example.com/', { allowPrivate: true }) ?? '', /http/);
    assert.match(webhookUrlProblem('file:///etc/passwd', { allowPrivate: true }) ?? '', /http/);
  });

  it('classifies addresses', () => {
    assert.equal(isPrivateAddress('8.8.8.8'), false);
    assert.equal(isPrivateAddress('2606:4700::1111'), false);
    assert.equal(isPrivateAddress('127.1.2.3'), true);
    assert.equal(isPrivateAddress('::1'), true);
  });

  it('the send-time lookup refuses names that resolve to private addresses', async () => {
    const error = await new Promise<Error | null>((resolve) => {
      publicOnlyLookup('localhost', { family: 0 }, (err) => resolve(err));
    });
    assert.match(String(error), /private/);
  });
});
