export const summary = '(not available yet)';

export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('keel stats: not available in this build\n');
  return 2;
}
