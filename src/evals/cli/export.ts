import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openOutFile } from '../../cli/out-file.ts';
import { type ExportFormat, exportTrainingData } from '../export/index.ts';
import { dbUrl, type EvalIo, EXIT, number, usage, withStore } from './common.ts';

export const EXPORT_USAGE = `usage: keel eval export --format sft|dpo|kto --out FILE [--dataset NAME] [--version N] [--template TEXT]
                        [--include-synthetic] [--allow-unknown-provenance] [--db URL]

  sft   chat messages + the expected answer (from --dataset, else from passed reviews)
  dpo   prompt, chosen, rejected (from pairwise judge verdicts and from reviews of the same input)
  kto   prompt, completion, label (from pass/fail reviews)
  --template                   a {{var}} user message for items that have variables but no messages
  --include-synthetic          keep items marked synthetic (left out by default)
  --allow-unknown-provenance   export items whose provenance is unknown (refused by default)
`;

export async function exportCommand(argv: string[], io: EvalIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      dataset: { type: 'string' },
      version: { type: 'string' },
      template: { type: 'string' },
      'include-synthetic': { type: 'boolean' },
      'allow-unknown-provenance': { type: 'boolean' },
      db: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(EXPORT_USAGE);
    return EXIT.ok;
  }
  if (values.format !== 'sft' && values.format !== 'dpo' && values.format !== 'kto')
    throw usage(`--format: sft, dpo or kto\n${EXPORT_USAGE}`);
  if (!values.out) throw usage('--out FILE is required');
  const version = number(values.version, '--version', { min: 1, max: 1e9, integer: true });
  const out = values.out;
  return withStore(dbUrl(values, io), true, async (store) => {
    const stream = await openOutFile(out);
    let report: Awaited<ReturnType<typeof exportTrainingData>>;
    try {
      report = await exportTrainingData({
        sql: store.sql,
        format: values.format as ExportFormat,
        ...(values.dataset ? { dataset: values.dataset } : {}),
        ...(version !== undefined ? { datasetVersion: version } : {}),
        ...(values.template ? { template: values.template } : {}),
        includeSynthetic: values['include-synthetic'] === true,
        allowUnknownProvenance: values['allow-unknown-provenance'] === true,
        write: async (line) => {
          if (!stream.write(line)) await once(stream, 'drain');
        },
      });
    } catch (error) {
      stream.destroy();
      await rm(out, { force: true });
      throw error;
    }
    stream.end();
    await once(stream, 'finish');
    const p = report.byProvenance;
    const s = report.skipped;
    io.out(
      `wrote ${report.written} ${report.format} example(s) to ${out} (human ${p.human}, production ${p.production_trace}, synthetic ${p.synthetic}, unknown ${p.unknown})\n`,
    );
    io.out(
      `left out: ${report.duplicates} duplicate(s), ${report.excludedSynthetic} synthetic, ${s.noCompletion} without an answer, ${s.noMessages} without messages, ${s.noPreference} ties/inconsistent\n`,
    );
    return EXIT.ok;
  });
}
