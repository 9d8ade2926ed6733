import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeelError } from '../../errors/index.ts';
import type { PromptRef, PromptVersion, VersionContent } from '../types.ts';
import { type CompiledVersion, compileVersion } from './compile.ts';
import { parseTemplate } from './parse.ts';
import { renderVersion } from './render.ts';

function version(prompt: string, content: Partial<VersionContent>, number = 1): CompiledVersion {
  const full: VersionContent = { type: 'chat', variables: {}, parameters: {}, ...content };
  const v: PromptVersion = {
    prompt,
    version: number,
    content: full,
    contentHash: '',
    commitMessage: '',
    author: '',
    createdAt: 0,
  };
  return compileVersion(v);
}

const none = (ref: PromptRef): CompiledVersion => {
  throw new KeelError('not_found', `no ${ref.name}`);
};
const opts = { resolveInclude: none, maxDepth: 5, maxBytes: 1024 * 1024 };

function rejects(fn: () => unknown, pattern: RegExp, status = 400): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof KeelError, String(error));
    assert.equal(error.status, status);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('template parsing', () => {
  it('splits text, variables and includes; tolerates spaces; escapes \\{{', () => {
    assert.deepEqual(parseTemplate('Hi {{ name }}, see {{> footer@staging}} \\{{literal}}', 't'), [
      { kind: 'text', text: 'Hi ' },
      { kind: 'var', name: 'name' },
      { kind: 'text', text: ', see ' },
      { kind: 'include', ref: { name: 'footer', selector: { label: 'staging' } }, raw: 'footer@staging' },
      { kind: 'text', text: ' {{literal}}' },
    ]);
  });

  it('rejects unclosed, malformed and triple-brace placeholders with a position', () => {
    rejects(
      () => parseTemplate('Hello\n  {{name', 'messages[0].content'),
      /messages\[0\]\.content: '\{\{' at line 2, column 3 is never closed/,
    );
    rejects(() => parseTemplate('{{ first name }}', 't'), /is not a variable/);
    rejects(() => parseTemplate('{{{name}}}', 't'), /is not a variable/);
    rejects(() => parseTemplate('{{1abc}}', 't'), /is not a variable/);
    rejects(() => parseTemplate('{{> bad name}}', 't'), /bad include/);
    rejects(() => parseTemplate('{{> x@BAD}}', 't'), /bad include/);
  });
});

describe('rendering', () => {
  const greet = version('greet', {
    messages: [
      { role: 'system', content: 'You are {{persona}}. Limit: {{limit}}. Formal: {{formal}}.' },
      { role: 'user', content: 'Profile: {{profile}} / {{name}}' },
    ],
    variables: {
      persona: { type: 'string', default: 'a helpful assistant' },
      limit: { type: 'number' },
      formal: { type: 'boolean', default: false },
      profile: { type: 'json' },
    },
  });

  it('variables named like Object.prototype members are plain undeclared variables', () => {
    const v = version('proto', { text: '{{constructor}} / {{toString}}', type: 'text' });
    const out = renderVersion(v, { constructor: 'A', toString: 'B' }, opts);
    assert.equal(out.text, 'A / B');
    rejects(() => renderVersion(v, {}, opts), /missing variables 'constructor', 'toString'/);
  });

  it('substitutes typed values and defaults', () => {
    const out = renderVersion(greet, { limit: 3, profile: { a: [1, 'x'] }, name: 'Ada' }, opts);
    assert.deepEqual(out.messages, [
      { role: 'system', content: 'You are a helpful assistant. Limit: 3. Formal: false.' },
      { role: 'user', content: 'Profile: {"a":[1,"x"]} / Ada' },
    ]);
  });

  it('names missing and unknown variables', () => {
    rejects(() => renderVersion(greet, { profile: {}, name: 'x' }, opts), /missing variable 'limit'/);
    rejects(
      () => renderVersion(greet, { limit: 1, profile: {}, name: 'x', nmae: 'y' }, opts),
      /unknown variable 'nmae' \(known: /,
    );
    rejects(() => renderVersion(greet, { profile: {} }, opts), /missing variables 'limit', 'name'/);
  });

  it('rejects values of the wrong type, naming the variable', () => {
    rejects(
      () => renderVersion(greet, { limit: '3', profile: {}, name: 'x' }, opts),
      /Variable 'limit' must be of type number \(got string\)/,
    );
    rejects(
      () => renderVersion(greet, { limit: 3, profile: {}, name: { a: 1 } }, opts),
      /Variable 'name' must be a string, number or boolean/,
    );
  });

  it('inlines included text prompts, sharing variables, and rejects chat includes', () => {
    const footer = version('footer', {
      type: 'text',
      text: 'Signed, {{team}}',
      variables: { team: { type: 'string', default: 'Ops' } },
    });
    const chat = version('chatty', { messages: [{ role: 'system', content: 'x' }] });
    const root = version('mail', {
      messages: [{ role: 'user', content: 'Dear {{name}}. {{> footer@production}}' }],
    });
    const resolveInclude = (ref: PromptRef) =>
      ref.name === 'footer' ? footer : ref.name === 'chatty' ? chat : none(ref);
    const out = renderVersion(root, { name: 'Bo', team: 'Core' }, { ...opts, resolveInclude });
    assert.equal(out.messages[0]?.content, 'Dear Bo. Signed, Core');
    // A variable only the included prompt uses is still known (not "unknown").
    assert.equal(
      renderVersion(root, { name: 'Bo' }, { ...opts, resolveInclude }).messages[0]?.content,
      'Dear Bo. Signed, Ops',
    );
    const bad = version('bad', { messages: [{ role: 'user', content: '{{> chatty}}' }] });
    rejects(
      () => renderVersion(bad, {}, { ...opts, resolveInclude }),
      /a chat prompt; only text prompts can be included/,
    );
    rejects(
      () => renderVersion(version('m', { type: 'text', text: '{{> nothere}}' }), {}, opts),
      /no nothere/,
      404,
    );
  });

  it('detects include cycles and excessive depth at render time', () => {
    const a = version('a', { type: 'text', text: 'A {{> b}}' });
    const b = version('b', { type: 'text', text: 'B {{> a}}' });
    const resolveInclude = (ref: PromptRef) => (ref.name === 'a' ? a : b);
    rejects(() => renderVersion(a, {}, { ...opts, resolveInclude }), /Include cycle: a v1 → b v1 → a v1/);
    const chain = (i: number): CompiledVersion =>
      version(`p${i}`, { type: 'text', text: i < 10 ? `{{> p${i + 1}}}` : 'end' });
    const deep = (ref: PromptRef) => chain(Number(ref.name.slice(1)));
    rejects(
      () => renderVersion(chain(0), {}, { ...opts, resolveInclude: deep, maxDepth: 3 }),
      /nest deeper than 3/,
    );
    assert.equal(renderVersion(chain(0), {}, { ...opts, resolveInclude: deep, maxDepth: 10 }).text, 'end');
  });

  it('limits the rendered size', () => {
    const big = version('big', { type: 'text', text: '{{blob}}{{blob}}' });
    rejects(
      () => renderVersion(big, { blob: 'x'.repeat(600) }, { ...opts, maxBytes: 1024 }),
      /exceeds 1024 bytes/,
    );
    rejects(
      () => renderVersion(big, { blob: 'é'.repeat(300) }, { ...opts, maxBytes: 1024 }),
      /exceeds 1024 bytes/,
    );
    assert.equal(
      renderVersion(big, { blob: 'é'.repeat(200) }, { ...opts, maxBytes: 1024 }).text?.length,
      400,
    );
  });
});
