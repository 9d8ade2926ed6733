import type { Experiment, ItemResult, ResultsRepo } from '../runner/index.ts';
import type { GateReport } from './gate.ts';

/**
 * JUnit XML for CI systems: one <testsuite> per target with a <testcase> per item (a <failure>
 * when a scorer failed, an <error> when the call failed), plus a "gate" suite with one testcase
 * per gate check. Written a page at a time (results are streamed from the store).
 */

// XML 1.0 allows tab, LF, CR and U+0020 upwards, minus lone surrogates and U+FFFE/U+FFFF.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function xmlAttr(value: string): string {
  return xmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

const secs = (ms: number) => (ms / 1000).toFixed(3);
const MAX_DETAIL = 4000;

function testcase(r: ItemResult, suite: string): string {
  const open = `    <testcase classname="${xmlAttr(suite)}" name="${xmlAttr(r.itemId)}" time="${secs(r.latencyMs)}"`;
  if (r.error !== null) {
    return `${open}>\n      <error message="${xmlAttr(r.error.slice(0, 500))}" type="call_error"/>\n    </testcase>\n`;
  }
  if (r.pass !== false) return `${open}/>\n`;
  const failed = Object.entries(r.scores).filter(([, s]) => !s.pass);
  const message = failed.map(([name]) => name).join(', ') || 'failed';
  const detail = failed.map(([name, s]) => `${name}: score ${s.score.toFixed(3)}: ${s.reason}`).join('\n');
  const output = r.output === null ? '' : `\n\noutput:\n${r.output}`;
  return `${open}>\n      <failure message="${xmlAttr(message)}" type="assertion">${xmlText(`${detail}${output}`.slice(0, MAX_DETAIL))}</failure>\n    </testcase>\n`;
}

function gateSuite(name: string, gate: GateReport): string {
  const failures = gate.checks.filter((c) => !c.pass).length;
  const cases = gate.checks
    .map((c) => {
      const open = `    <testcase classname="${xmlAttr(`${name}.gate`)}" name="${xmlAttr(`${c.target} ${c.metric} ${c.kind}`)}" time="0"`;
      return c.pass
        ? `${open}/>\n`
        : `${open}>\n      <failure message="${xmlAttr(c.message)}" type="${c.kind}"/>\n    </testcase>\n`;
    })
    .join('');
  return `  <testsuite name="${xmlAttr(`${name} / gate`)}" tests="${gate.checks.length}" failures="${failures}" errors="0" time="0">\n${cases}  </testsuite>\n`;
}

export async function writeJunit(o: {
  results: ResultsRepo;
  experiment: Experiment;
  gate: GateReport | null;
  write: (text: string) => void | Promise<void>;
}): Promise<void> {
  const { experiment: e } = o;
  const targets = e.summary?.targets ?? [];
  const tests = targets.reduce((s, t) => s + t.n, 0) + (o.gate?.checks.length ?? 0);
  const failures =
    targets.reduce((s, t) => s + (t.n - t.passed - t.errors), 0) +
    (o.gate?.checks.filter((c) => !c.pass).length ?? 0);
  const errors = targets.reduce((s, t) => s + t.errors, 0);
  const time = e.finishedAt !== null ? secs(e.finishedAt - e.createdAt) : '0';
  await o.write(`<?xml version="1.0" encoding="UTF-8"?>\n`);
  await o.write(
    `<testsuites name="${xmlAttr(`keel eval ${e.name}`)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${time}">\n`,
  );
  for (const t of targets) {
    const suite = `${e.name}.${t.key}`;
    await o.write(
      `  <testsuite name="${xmlAttr(`${e.name} / ${t.key}`)}" tests="${t.n}" failures="${t.n - t.passed - t.errors}" errors="${t.errors}" time="0">\n`,
    );
    for await (const page of o.results.iterate(e.id)) {
      const text = page
        .filter((r) => r.model === t.key)
        .map((r) => testcase(r, suite))
        .join('');
      if (text) await o.write(text);
    }
    await o.write('  </testsuite>\n');
  }
  if (o.gate) await o.write(gateSuite(e.name, o.gate));
  await o.write('</testsuites>\n');
}
