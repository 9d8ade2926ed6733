export { flushRedisCache } from './cache-flush.ts';
export { type RetentionConfig, retentionDays, retentionSchema } from './config.ts';
export { type DeletedCounts, deleteTraces } from './delete-traces.ts';
export { type EraseOptions, type EraseReport, eraseUser, tenantExists, unknownTenant } from './erase.ts';
export { type EraseContext, hasColumn, registerUserEraser, type UserEraser, userErasers } from './erasers.ts';
export { RetentionJob, type RetentionJobOptions } from './job.ts';
export { enforceRetention, type RetentionRunResult } from './retention.ts';
export { type EraseRoutesDeps, registerEraseRoutes } from './routes.ts';
export { erasureSalt, userHash } from './salt.ts';
