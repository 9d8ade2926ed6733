/**
 * A second Keel replica in its own OS process, for test/prompts-cluster.test.ts: starts Keel with
 * the prompts module from the config JSON in argv[2], prints `READY <url>`, and shuts down
 * gracefully on SIGTERM or when stdin closes (so it never outlives the test).
 */
import { configSchema } from '../src/config/index.ts';
import { startKeel } from '../src/gateway/start.ts';
import { silentLogger } from '../src/log/index.ts';
import { promptsModule } from '../src/prompts/index.ts';

const config = configSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const keel = await startKeel({ config, logger: silentLogger(), modules: [promptsModule()] });
process.stdout.write(`READY ${keel.url}\n`);
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  keel.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
