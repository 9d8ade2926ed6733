import { accessModule } from '../access/index.ts';
import type { KeelModule } from '../gateway/index.ts';

/**
 * The modules `keel serve` runs, in pipeline order: auth first (who is calling), then prompts
 * (what the request becomes), limits (what it may cost), guard (whether it may go), traces.
 */
export function defaultModules(): KeelModule[] {
  return [accessModule()];
}
