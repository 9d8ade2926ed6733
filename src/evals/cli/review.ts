import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatCalibration } from '../calibration/index.ts';
import { gatewayJudgeModel } from '../judges/index.ts';
import {
  assignFromExperiment,
  calibrateReviews,
  listRubrics,
  listTasks,
  type RubricScale,
  submitReview,
  upsertRubric,
} from '../review/index.ts';
import { apiKey, clean, dbUrl, type EvalIo, EXIT, gatewayUrl, number, usage, withStore } from './common.ts';

export const REVIEW_USAGE = `usage: keel eval review list [--assignee NAME] [--status pending|submitted] [--rubric NAME] [--limit N] [--json] [--db URL]
       keel eval review submit TASK_ID (--score N | --pass | --fail) [--critique TEXT] [--reviewer NAME] [--db URL]
       keel eval review assign --experiment ID --rubric NAME --to NAME[,NAME…] [--sample N] [--only-failing] [--db URL]
       keel eval rubric add NAME (--text TEXT | --file FILE) --scale binary|MIN-MAX [--description TEXT] [--db URL]
       keel eval rubric list [--db URL]
       keel eval calibrate --rubric NAME --judge-model MODEL [--judge llm-rubric] [--target 0.8] [--json] [--url URL] [--db URL]
`;

const truncate = (text: string, n: number) => {
  const flat = clean(text.replace(/\s+/g, ' '));
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
};

async function list(argv: string[], io: EvalIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      assignee: { type: 'string' },
      status: { type: 'string' },
      rubric: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      db: { type: 'string' },
    },
    strict: true,
  });
  if (values.status !== undefined && values.status !== 'pending' && values.status !== 'submitted')
    throw usage('--status: pending or submitted');
  const limit = number(values.limit, '--limit', { min: 1, max: 1000, integer: true }) ?? 100;
  return withStore(dbUrl(values, io), true, async (store) => {
    const tasks = await listTasks(store.sql, {
      ...(values.assignee ? { assignee: values.assignee } : {}),
      ...(values.status ? { status: values.status as 'pending' | 'submitted' } : {}),
      ...(values.rubric ? { rubric: values.rubric } : {}),
      limit,
    });
    if (values.json) io.out(`${JSON.stringify(tasks, null, 2)}\n`);
    else if (tasks.length === 0) io.err('no review tasks match\n');
    else {
      for (const t of tasks) {
        const verdict =
          t.status === 'submitted'
            ? ` → ${t.pass === null ? '' : t.pass ? 'pass ' : 'fail '}${t.score ?? ''}`
            : '';
        io.out(
          `${t.id}  ${t.status.padEnd(9)} ${clean(t.rubric)}  @${clean(t.assignee)}${verdict}\n    output: ${truncate(t.output, 100)}\n`,
        );
      }
    }
    return EXIT.ok;
  });
}

async function submit(argv: string[], io: EvalIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      score: { type: 'string' },
      pass: { type: 'boolean' },
      fail: { type: 'boolean' },
      critique: { type: 'string' },
      reviewer: { type: 'string' },
      db: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw usage('expected one review task id');
  if (values.pass && values.fail) throw usage('--pass and --fail exclude each other');
  const score = number(values.score, '--score', { min: -1e6, max: 1e6 });
  if (score === undefined && !values.pass && !values.fail) throw usage('give --score N, --pass or --fail');
  return withStore(dbUrl(values, io), true, async (store) => {
    const task = await submitReview(store.sql, {
      id: positionals[0]!,
      critique: values.critique ?? '',
      ...(values.reviewer ? { reviewer: values.reviewer } : {}),
      ...(score !== undefined ? { score } : {}),
      ...(values.pass || values.fail ? { pass: values.pass === true } : {}),
    });
    io.out(
      `submitted ${task.id} (${task.rubric}): ${task.pass === null ? '' : task.pass ? 'pass ' : 'fail '}${task.score ?? ''}\n`,
    );
    return EXIT.ok;
  });
}

async function assign(argv: string[], io: EvalIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      experiment: { type: 'string' },
      rubric: { type: 'string' },
      to: { type: 'string' },
      sample: { type: 'string' },
      'only-failing': { type: 'boolean' },
      db: { type: 'string' },
    },
    strict: true,
  });
  if (!values.experiment || !values.rubric || !values.to)
    throw usage('--experiment, --rubric and --to are required');
  const assignees = values.to
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const sample = number(values.sample, '--sample', { min: 1, max: 100_000, integer: true });
  return withStore(dbUrl(values, io), true, async (store) => {
    const tasks = await assignFromExperiment(store.sql, {
      experimentId: values.experiment!,
      rubric: values.rubric!,
      assignees,
      ...(sample !== undefined ? { sample } : {}),
      ...(values['only-failing'] ? { onlyFailing: true } : {}),
    });
    io.out(`queued ${tasks.length} review task(s) for ${assignees.join(', ')}\n`);
    return EXIT.ok;
  });
}

export async function reviewCommand(argv: string[], io: EvalIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'list') return list(rest, io);
  if (sub === 'submit') return submit(rest, io);
  if (sub === 'assign') return assign(rest, io);
  throw usage(`${sub ? `unknown review subcommand '${sub}'\n` : ''}${REVIEW_USAGE}`);
}

export function parseScale(text: string): RubricScale {
  if (text === 'binary') return { type: 'binary' };
  const m = /^(-?\d+)-(-?\d+)$/.exec(text);
  if (!m || Number(m[2]) <= Number(m[1]))
    throw usage(`--scale: '${text}' is not binary or MIN-MAX (e.g. 1-5)`);
  return { type: 'ordinal', min: Number(m[1]), max: Number(m[2]) };
}

export async function rubricCommand(argv: string[], io: EvalIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      text: { type: 'string' },
      file: { type: 'string' },
      scale: { type: 'string' },
      description: { type: 'string' },
      db: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (sub === 'list') {
    return withStore(dbUrl(values, io), true, async (store) => {
      for (const r of await listRubrics(store.sql)) {
        io.out(
          `${r.name}  ${r.scale.type === 'binary' ? 'binary' : `${r.scale.min}-${r.scale.max}`}  ${truncate(r.text, 80)}\n`,
        );
      }
      return EXIT.ok;
    });
  }
  if (sub !== 'add') throw usage(REVIEW_USAGE);
  if (positionals.length !== 1) throw usage('expected a rubric name');
  if (!values.scale) throw usage('--scale is required (binary or MIN-MAX)');
  const text = values.text ?? (values.file ? readFileSync(values.file, 'utf8') : undefined);
  if (!text) throw usage('give --text or --file');
  const scale = parseScale(values.scale);
  return withStore(dbUrl(values, io), false, async (store) => {
    const r = await upsertRubric(
      store.sql,
      {
        name: positionals[0]!,
        text,
        scale,
        ...(values.description ? { description: values.description } : {}),
      },
      Date.now(),
    );
    io.out(`rubric ${r.name} saved\n`);
    return EXIT.ok;
  });
}

export async function calibrateCommand(argv: string[], io: EvalIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rubric: { type: 'string' },
      judge: { type: 'string' },
      'judge-model': { type: 'string' },
      target: { type: 'string' },
      json: { type: 'boolean' },
      url: { type: 'string' },
      db: { type: 'string' },
      'api-key': { type: 'string' },
    },
    strict: true,
  });
  if (!values.rubric) throw usage('--rubric is required');
  if (!values['judge-model']) throw usage('--judge-model is required (the model that judges)');
  const target = number(values.target, '--target', { min: -1, max: 1 });
  const key = apiKey(values, io);
  const judge = gatewayJudgeModel({
    baseUrl: gatewayUrl(values, io),
    model: values['judge-model'],
    ...(key ? { apiKey: key } : {}),
    headers: { 'x-keel-internal': 'eval-judge' },
  });
  try {
    return await withStore(dbUrl(values, io), true, async (store) => {
      const result = await calibrateReviews({
        sql: store.sql,
        rubric: values.rubric!,
        judgeType: values.judge ?? 'llm-rubric',
        judge,
        judgeName: `${values.judge ?? 'llm-rubric'} (${values['judge-model']})`,
        ...(target !== undefined ? { target } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
      });
      io.out(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatCalibration(result)}\n`);
      return result.pass ? EXIT.ok : EXIT.failed;
    });
  } finally {
    await judge.close();
  }
}
