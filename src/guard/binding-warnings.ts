import { type GuardSection, policyConfigOf } from './config.ts';
import { CHECKPOINTS, type GuardConfig } from './policy/schema.ts';

/**
 * Bindings that may hand a weaker policy to whoever picks a name. Keys and teams are matched by id
 * or by name, and names are chosen by others: a developer names the keys they create, team admins
 * rename their team. A binding that selects by name a policy with fewer steps than the default
 * (`keys: [ci-runner]` → `open`) is granted to anyone who names a key `ci-runner`. Such a binding
 * still works; `keel config check` and `keel serve` say so, naming the binding and what to list
 * instead. Bindings that tighten screening by name can only over-apply, so they are left alone.
 */

// Keel's ids are UUIDs (`keel keys list`, `keel teams list`).
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const stepsOf = (config: GuardConfig, name: string | undefined): number => {
  const p = name === undefined ? undefined : config.policies[name];
  return p ? CHECKPOINTS.reduce((n, cp) => n + p[cp].length, 0) : 0;
};

export function bindingWarnings(section: GuardSection): string[] {
  const config = policyConfigOf(section);
  const fallback = config.default;
  const fallbackSteps = stepsOf(config, fallback);
  const warnings: string[] = [];
  config.bindings.forEach((b, i) => {
    if (fallback === undefined || stepsOf(config, b.policy) >= fallbackSteps) return;
    for (const selector of ['keys', 'teams'] as const) {
      const names = (b[selector] ?? []).filter((v) => !ID.test(v));
      if (names.length === 0) continue;
      const what = selector === 'keys' ? 'key' : 'team';
      warnings.push(
        `guard.bindings[${i}]: binds policy '${b.policy}', which screens less than the default '${fallback}', to ${what} name(s) ${names.map((n) => `'${n}'`).join(', ')}; anyone who can name a ${what} so gets it: list the ${what}'s id instead (keel ${selector} list)`,
      );
    }
  });
  return warnings;
}
