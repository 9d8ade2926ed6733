export { MemoryNotifier } from './memory-notifier.ts';
export { RedisNotifier } from './redis-notifier.ts';
