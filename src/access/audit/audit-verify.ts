import type { SqlExecutor } from '../../spec/index.ts';
import { GENESIS_HASH, rowHash } from './audit-hash.ts';
import { AUDIT_COLUMNS, type AuditRow, rowFields } from './audit-rows.ts';
import type { AuditHead, AuditVerifyResult } from './audit-types.ts';

const PAGE = 500;

interface Cursor {
  /** seq of the last good row (0 before the first). */
  seq: number;
  hash: string;
  id: string | undefined;
  rows: number;
}

export async function readHead(sql: SqlExecutor): Promise<AuditHead | undefined> {
  const [head] = await sql.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM access_audit_head WHERE id = 1',
  );
  return head === undefined ? undefined : { seq: Number(head.seq), hash: head.hash };
}

/**
 * Walks the chain in seq order, recomputing every hash, then checks the last row against the head
 * row. Works while other replicas append (no long transaction): appends are serialised on the
 * head, so any row visible to a page has all lower seqs visible too, and a head that moved on
 * while we read just means more pages to check.
 */
export async function verifyChain(sql: SqlExecutor): Promise<AuditVerifyResult> {
  const cursor: Cursor = { seq: 0, hash: GENESIS_HASH, id: undefined, rows: 0 };
  let lowerBound = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = await sql.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM access_audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
      [lowerBound, PAGE],
    );
    for (const row of page) {
      const failure = checkRow(row, cursor);
      if (failure) return { ...failure, rows: cursor.rows };
      cursor.seq = Number(row.seq);
      cursor.hash = row.hash;
      cursor.id = row.id;
      cursor.rows += 1;
    }
    lowerBound = cursor.seq;
    if (page.length === PAGE) continue;
    const end = await checkEnd(sql, cursor);
    if (end !== 'more') return end;
  }
}

function checkRow(row: AuditRow, cursor: Cursor): Omit<AuditVerifyResult, 'rows'> | undefined {
  const seq = Number(row.seq);
  const expected = cursor.seq + 1;
  const name = `row seq ${seq} (id ${row.id})`;
  if (seq > expected) {
    const missing = seq - 1 === expected ? `row seq ${expected} is` : `rows seq ${expected}–${seq - 1} are`;
    return bad(expected, row.id, `${missing} missing (deleted): the next row present is ${name}`);
  }
  if (seq < expected) return bad(seq, row.id, `${name} is out of sequence (expected seq ${expected})`);
  if (rowHash(rowFields(row)) !== row.hash) {
    return bad(seq, row.id, `${name} does not match its hash: a column of this row was edited`);
  }
  if (row.prev_hash === cursor.hash) return undefined;
  // This row is intact (its own hash covers prev_hash), so the row before it was rewritten with a
  // recomputed hash, or replaced.
  if (cursor.id === undefined) return bad(seq, row.id, `${name} does not start from the genesis hash`);
  return bad(
    cursor.seq,
    cursor.id,
    `row seq ${cursor.seq} (id ${cursor.id}) was rewritten: its hash no longer matches the prev_hash recorded by ${name}`,
  );
}

async function checkEnd(sql: SqlExecutor, cursor: Cursor): Promise<AuditVerifyResult | 'more'> {
  const head = await readHead(sql);
  if (head === undefined) {
    return {
      ...bad(cursor.seq + 1, undefined, 'the chain head row (access_audit_head) is missing'),
      rows: cursor.rows,
    };
  }
  if (head.seq === cursor.seq) {
    if (head.hash === cursor.hash) return { ok: true, rows: cursor.rows, head };
    const last =
      cursor.id === undefined ? 'the empty log' : `the last row, seq ${cursor.seq} (id ${cursor.id})`;
    return {
      ...bad(cursor.seq, cursor.id, `the chain head's hash does not match ${last}`),
      rows: cursor.rows,
    };
  }
  if (head.seq < cursor.seq) {
    const reason = `rows after seq ${head.seq} are not covered by the chain head (seq ${head.seq}): appended outside Keel, or the head was rewound`;
    return { ...bad(head.seq + 1, undefined, reason), rows: cursor.rows };
  }
  // The head is ahead: either another replica appended since our last page, or rows at the end
  // were deleted. One more read tells which.
  const [next] = await sql.query<{ seq: number }>('SELECT seq FROM access_audit_log WHERE seq > ? LIMIT 1', [
    cursor.seq,
  ]);
  if (next !== undefined) return 'more';
  const gap =
    head.seq === cursor.seq + 1 ? `row seq ${head.seq} is` : `rows seq ${cursor.seq + 1}–${head.seq} are`;
  return {
    ...bad(
      cursor.seq + 1,
      undefined,
      `${gap} missing (deleted from the end of the log; the chain head is at seq ${head.seq})`,
    ),
    rows: cursor.rows,
  };
}

function bad(seq: number, id: string | undefined, reason: string): Omit<AuditVerifyResult, 'rows'> {
  return id === undefined
    ? { ok: false, firstBadSeq: seq, reason }
    : { ok: false, firstBadSeq: seq, firstBadId: id, reason };
}
