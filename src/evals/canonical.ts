// One canonical JSON for the whole project (prompt hashes, eval ids, cache keys): src/util.
export { canonicalJson, sha256Hex } from '../util/index.ts';
