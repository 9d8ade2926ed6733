/** Response ids and timestamps: ids are unique per process without a random draw per response. */
import { randomBytes } from 'node:crypto';

const base = randomBytes(6).toString('hex');
let counter = 0;

export const ids = {
  next(prefix: string): string {
    counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
    return `${prefix}${base}${counter.toString(36)}`;
  },
  /** Unix seconds, as OpenAI's `created`. */
  now(): number {
    return Math.floor(Date.now() / 1000);
  },
};
