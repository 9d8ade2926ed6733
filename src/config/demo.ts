import { configSchema, type KeelConfig } from './schema.ts';

/**
 * The config used when no keel.yaml exists: the built-in simulated provider exposed as model `demo`
 * (and `demo-embed` for embeddings), so `npm start` gives a working gateway with no keys or servers.
 */
export function demoConfig(): KeelConfig {
  return configSchema.parse({
    providers: { sim: { type: 'sim', sim: { latencyMs: 0, interTokenMs: 0, outputTokens: 24 } } },
    models: {
      demo: {
        description: 'Simulated chat model (built-in sim provider)',
        deployments: [{ provider: 'sim', model: 'sim-1' }],
      },
      'demo-embed': {
        kind: 'embedding',
        description: 'Simulated embedding model (built-in sim provider)',
        deployments: [{ provider: 'sim', model: 'sim-embed-1' }],
      },
    },
  });
}
