import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import { resolveSecret } from './secret.ts';

/** `${NAME}` without tripping the lint rule against placeholders in plain strings. */
const placeholder = (name: string) => `\${${name}}`;

describe('resolveSecret', () => {
  const env = { OPENAI_API_KEY: 'sk-from-env', EMPTY: '' };

  it('returns literal strings and undefined as they are', () => {
    assert.equal(resolveSecret('sk-literal', env), 'sk-literal');
    assert.equal(resolveSecret(undefined, env), undefined);
  });

  it('reads {env: NAME} and the dollar-brace form from the environment', () => {
    assert.equal(resolveSecret({ env: 'OPENAI_API_KEY' }, env), 'sk-from-env');
    assert.equal(resolveSecret(placeholder('OPENAI_API_KEY'), env), 'sk-from-env');
  });

  it('fails with config_invalid naming the variable and the provider when it is unset or empty', () => {
    for (const ref of [{ env: 'MISSING_KEY' }, placeholder('MISSING_KEY'), { env: 'EMPTY' }]) {
      assert.throws(
        () => resolveSecret(ref, env, 'provider openai'),
        (err: unknown) => {
          assert.ok(err instanceof KeelError);
          assert.equal(err.code, 'config_invalid');
          assert.match(err.message, /^provider openai: environment variable (MISSING_KEY|EMPTY) is not set$/);
          return true;
        },
      );
    }
  });
});
