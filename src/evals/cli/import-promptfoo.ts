import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatImportReport, importPromptfooFile, parseModelMap } from '../promptfoo/index.ts';
import { type EvalIo, EXIT, usage } from './common.ts';

export const IMPORT_USAGE = `usage: keel eval import-promptfoo promptfooconfig.yaml [--out keel-eval.yaml] [--model-map FROM=TO]...
                                 [--judge MODEL] [--force]

  --out        where to write the eval file (default: print it)
  --model-map  rename a provider (full id like openai:chat:gpt-4o, or its model part) to a Keel model
  --judge      judge model for model-graded assertions (default: promptfoo's grader, else the first model)
  --force      overwrite --out if it exists

Unsupported assertion types are listed (type, reason, which tests) on stderr, never dropped silently.
`;

const OPTIONS = {
  out: { type: 'string' },
  'model-map': { type: 'string', multiple: true },
  judge: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function importCommand(argv: string[], io: EvalIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(IMPORT_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw usage(`expected one promptfoo config file\n${IMPORT_USAGE}`);
  let modelMap: Map<string, string>;
  try {
    modelMap = parseModelMap(values['model-map'] ?? []);
  } catch (error) {
    throw usage((error as Error).message);
  }
  const result = importPromptfooFile(positionals[0]!, {
    modelMap,
    ...(values.judge ? { judge: values.judge } : {}),
  });
  if (values.out) {
    if (existsSync(values.out) && !values.force)
      throw usage(`${values.out} exists; pass --force to overwrite`);
    writeFileSync(values.out, result.yaml);
    io.err(`wrote ${values.out}\n`);
  } else io.out(result.yaml);
  io.err(formatImportReport(result));
  return EXIT.ok;
}
