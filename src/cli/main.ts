#!/usr/bin/env node
/**
 * The `keel` command. One file per sub-command in ./commands, each exporting
 * `run(argv: string[]): Promise<number>` (the exit code). Commands are imported lazily so
 * `keel sim` does not load the gateway and `keel config check` does not open a database.
 */

type CommandModule = { run(argv: string[]): Promise<number>; summary: string };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  serve: () => import('./commands/serve.ts'),
  sim: () => import('./commands/sim.ts'),
  config: () => import('./commands/config.ts'),
  requests: () => import('./commands/requests.ts'),
  guard: () => import('./commands/guard.ts'),
  admin: () => import('./commands/admin.ts'),
  keys: () => import('./commands/keys.ts'),
  teams: () => import('./commands/teams.ts'),
  projects: () => import('./commands/projects.ts'),
  users: () => import('./commands/users.ts'),
  credentials: () => import('./commands/credentials.ts'),
  spend: () => import('./commands/spend.ts'),
  audit: () => import('./commands/audit.ts'),
  prompts: () => import('./commands/prompts.ts'),
  traces: () => import('./commands/traces.ts'),
  stats: () => import('./commands/stats.ts'),
  erase: () => import('./commands/erase.ts'),
  feedback: () => import('./commands/feedback.ts'),
  eval: () => import('./commands/eval.ts'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await helpText());
    return 0;
  }
  // No command is bad usage, as `keel guard` without a sub-command is: the usage on stderr, exit 2.
  if (!name) {
    process.stderr.write(await helpText());
    return 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`keel: unknown command '${name}'. Run 'keel --help' for the list.\n`);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}

async function helpText(): Promise<string> {
  const lines = ['usage: keel <command> [options]', '', 'commands:'];
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  for (const [name, load] of Object.entries(COMMANDS)) {
    const command = await load();
    lines.push(`  ${name.padEnd(width)}  ${command.summary}`);
  }
  return `${lines.join('\n')}\n`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`keel: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
