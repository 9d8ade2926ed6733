import type { IncomingHttpHeaders } from 'node:http';

import type { CallerInfo } from '../spec/index.ts';

export type { CallerInfo };

const MAX_VALUE = 256;
const MAX_TAGS = 20;

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === '') return null;
  return text.slice(0, MAX_VALUE);
}

export function callerInfo(headers: IncomingHttpHeaders, bodyUser: unknown): CallerInfo {
  const tagsHeader = header(headers, 'x-keel-tags');
  const tags = tagsHeader
    ? tagsHeader
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag.length > 0)
        .slice(0, MAX_TAGS)
    : [];
  const user =
    header(headers, 'x-keel-user') ??
    (typeof bodyUser === 'string' && bodyUser !== '' ? bodyUser.slice(0, MAX_VALUE) : null);
  return {
    user,
    session: header(headers, 'x-keel-session'),
    feature: header(headers, 'x-keel-feature'),
    tags,
  };
}
