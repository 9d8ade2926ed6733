import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, demoConfig, type KeelConfig, loadConfigFile } from '../../config/index.ts';
import { isKeelError } from '../../errors/index.ts';
import { startKeel } from '../../gateway/start.ts';
import { createLogger } from '../../log/index.ts';
import { defaultModules } from '../modules.ts';

export const summary =
  'start the gateway (embedded store; demo config with the sim provider when no keel.yaml)';

const USAGE = `usage: keel serve [--config FILE] [--host H] [--port N] [--db URL] [--redis URL]
  --config   keel.yaml to load and watch (default: $KEEL_CONFIG, else ./keel.yaml if present, else the demo config)
  --host     listen address (default: $KEEL_HOST or 127.0.0.1)
  --port     listen port (default: $KEEL_PORT or 4141)
  --db       sqlite:PATH or postgres://… (default: $KEEL_DB or the config's store.url)
  --redis    redis://… for shared state in cluster mode (default: $KEEL_REDIS)`;

export async function run(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        db: { type: 'string' },
        redis: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`keel serve: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const logger = createLogger();
  const file =
    str(values.config) ?? process.env.KEEL_CONFIG ?? (existsSync('keel.yaml') ? 'keel.yaml' : undefined);
  let config: KeelConfig;
  try {
    config = file ? loadConfigFile(file) : demoConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`keel serve: invalid config\n${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const port = str(values.port) ?? process.env.KEEL_PORT;
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) <= 65_535)) {
    process.stderr.write(`keel serve: --port must be a number from 0 to 65535, got '${port}'\n`);
    return 2;
  }
  config.server.host = str(values.host) ?? process.env.KEEL_HOST ?? config.server.host;
  if (port !== undefined) config.server.port = Number(port);
  config.store.url = str(values.db) ?? process.env.KEEL_DB ?? config.store.url;
  const redis = str(values.redis) ?? process.env.KEEL_REDIS;
  if (redis) config.redis = { url: redis };

  let keel: Awaited<ReturnType<typeof startKeel>>;
  try {
    keel = await startKeel({
      config,
      ...(file ? { configFile: file } : {}),
      logger,
      modules: defaultModules(),
    });
  } catch (error) {
    // Found only when providers are built: an unset secret or a credential not stored.
    if (!isKeelError(error) || error.code !== 'config_invalid') throw error;
    process.stderr.write(`keel serve: invalid config\n${file ?? 'demo config'}: ${error.message}\n`);
    return 2;
  }
  logger.info(
    { url: keel.url, config: file ?? 'demo', store: keel.store.kind, models: Object.keys(config.models) },
    'keel is serving',
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down: draining in-flight requests');
      keel.close().then(resolve, (error: unknown) => {
        logger.error({ err: String(error) }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  logger.info('stopped');
  return 0;
}

const str = (value: string | boolean | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;
