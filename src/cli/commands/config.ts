import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile } from '../../config/index.ts';

export const summary = 'config check FILE: validate a keel.yaml without starting';

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'check') {
    process.stderr.write('usage: keel config check FILE\n');
    return 2;
  }
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} }));
  } catch (error) {
    process.stderr.write(`keel config check: ${(error as Error).message}\n`);
    return 2;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    process.stderr.write('usage: keel config check FILE\n');
    return 2;
  }
  try {
    const config = loadConfigFile(file);
    const models = Object.keys(config.models).length;
    const providers = Object.keys(config.providers).length;
    process.stdout.write(`${file}: ok (${providers} providers, ${models} models)\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
