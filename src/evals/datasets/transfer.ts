import { basename } from 'node:path';
import { csvHeader, type ImportOptions, itemToCsv, itemToJsonl, parseItemsFile } from './formats.ts';
import type { DatasetRepo } from './repo.ts';

export type DatasetFormat = 'jsonl' | 'csv';

export function formatOf(file: string): DatasetFormat | null {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return null;
}

/** Imports a JSONL/CSV text into a dataset (created when missing). */
export async function importItems(options: {
  datasets: DatasetRepo;
  dataset: string;
  text: string;
  format: DatasetFormat;
  file?: string;
  defaults?: ImportOptions;
}) {
  const items = parseItemsFile(options.text, options.format, {
    ...(options.file ? { source: `import:${basename(options.file)}` } : {}),
    ...options.defaults,
  });
  if (!(await options.datasets.get(options.dataset)))
    await options.datasets.create({ name: options.dataset });
  return options.datasets.addItems(options.dataset, items, `imported ${items.length} items`);
}

/**
 * Writes a version's items through `write`, a page at a time (memory stays flat). CSV needs the
 * variable columns up front, so it reads the version twice.
 */
export async function exportItems(options: {
  datasets: DatasetRepo;
  datasetId: string;
  version: number;
  format: DatasetFormat;
  write: (text: string) => void | Promise<void>;
}): Promise<number> {
  const { datasets, datasetId, version } = options;
  let count = 0;
  if (options.format === 'jsonl') {
    for await (const page of datasets.iterate(datasetId, version)) {
      await options.write(page.map(itemToJsonl).join(''));
      count += page.length;
    }
    return count;
  }
  const variables = new Set<string>();
  for await (const page of datasets.iterate(datasetId, version)) {
    for (const item of page) for (const name of Object.keys(item.input.variables ?? {})) variables.add(name);
  }
  const columns = [...variables].sort();
  await options.write(csvHeader(columns));
  for await (const page of datasets.iterate(datasetId, version)) {
    await options.write(page.map((item) => itemToCsv(item, columns)).join(''));
    count += page.length;
  }
  return count;
}
