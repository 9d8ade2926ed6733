/**
 * Keel's gateway core without the modules (access, prompts, enforcement, guard, traces): the same
 * startKeel() that `keel serve` calls, with `modules: []`. The benchmark runs it beside the real
 * `keel serve` so the figures show what the core costs and what the default modules add on top.
 *
 *   node bench/lib/keel-core.ts --config keel.yaml --db sqlite:PATH --spool DIR
 *
 * Logs (JSON) `keel is serving` with its URL, like `keel serve`; SIGTERM/SIGINT stop it gracefully.
 */
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../../src/config/index.ts';
import { startKeel } from '../../src/gateway/index.ts';
import { createLogger } from '../../src/log/index.ts';

const { values } = parseArgs({
  options: { config: { type: 'string' }, db: { type: 'string' }, spool: { type: 'string' } },
});
if (!values.config) throw new Error('--config FILE is required');
const logger = createLogger();
const config = loadConfigFile(values.config);
if (values.db) config.store.url = values.db;
if (values.spool) config.records.spoolDir = values.spool;
const keel = await startKeel({ config, logger, modules: [] });
logger.info({ url: keel.url, modules: [] }, 'keel is serving');
await new Promise<void>((resolve) => {
  process.once('SIGTERM', resolve);
  process.once('SIGINT', resolve);
});
await keel.close();
