import { parseArgs } from 'node:util';
import { ConfigError, type KeelConfig, loadConfigFile } from '../../config/index.ts';
import { KeelError } from '../../errors/index.ts';
import { bindingWarnings, compileGuardState } from '../../guard/index.ts';

export const summary = 'config check FILE: validate a keel.yaml without starting';

const USAGE = `usage: keel config check FILE
  validates FILE as keel serve would load it; errors name file, line and key
  exit codes: 0 valid, 1 invalid, 2 bad usage
`;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (sub !== 'check') {
    process.stderr.write(USAGE);
    return 2;
  }
  let positionals: string[];
  let help: boolean | undefined;
  try {
    ({
      positionals,
      values: { help },
    } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    process.stderr.write(`keel config check: ${(error as Error).message}\n`);
    return 2;
  }
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const config = loadConfigFile(file);
    if (!guardPoliciesOk(config, file)) return 1;
    // Valid, but worth a look: printed, exit code still 0.
    for (const warning of bindingWarnings(config.guard))
      process.stderr.write(`${file}: warning: ${warning}\n`);
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

/**
 * Builds the guard policies as `keel serve` does (every scanner with its options, checkpoints,
 * regex safety) without starting anything, so a config `serve` would refuse is not reported ok.
 */
function guardPoliciesOk(config: KeelConfig, file: string): boolean {
  try {
    compileGuardState(config.guard);
    return true;
  } catch (error) {
    if (!(error instanceof KeelError) || error.code !== 'config_invalid') throw error;
    for (const line of error.message.split('\n')) process.stderr.write(`${file}: ${line}\n`);
    return false;
  }
}
