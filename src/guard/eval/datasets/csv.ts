import { KeelError } from '../../../errors/index.ts';

/**
 * A small RFC 4180 CSV reader: comma-separated, fields optionally in double quotes, `""` inside
 * quotes is a quote, quoted fields may span lines, CRLF or LF line ends, optional BOM. Written
 * here rather than added as a dependency because the shared data needs nothing more.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    let field: string;
    if (text[i] === '"') {
      // Quoted field: copy up to each quote; a doubled quote is a literal quote.
      field = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0)
          throw new KeelError('invalid_request', `CSV: unterminated quoted field (row ${rows.length + 1})`);
        field += text.slice(j, q);
        if (text[q + 1] === '"') {
          field += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    const sep = text[i];
    if (sep === ',') {
      i++;
      if (i === text.length) row.push('');
      continue;
    }
    if (sep === '\r' || sep === '\n' || sep === undefined) {
      rows.push(row);
      row = [];
      i += sep === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    throw new KeelError(
      'invalid_request',
      `CSV: unexpected character after a quoted field (row ${rows.length + 1})`,
    );
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** Rows as objects keyed by the header row; rows whose width differs from the header are an error. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows
    .filter((row) => !(row.length === 1 && row[0] === ''))
    .map((row, index) => {
      if (row.length !== header.length) {
        throw new KeelError(
          'invalid_request',
          `CSV: record ${index + 1} has ${row.length} fields, the header has ${header.length}`,
        );
      }
      const record: Record<string, string> = {};
      header.forEach((name, k) => {
        record[name] = row[k]!;
      });
      return record;
    });
}
