export type { AzureProviderConfig } from './azure-provider.ts';
export { createAzureProvider } from './azure-provider.ts';
