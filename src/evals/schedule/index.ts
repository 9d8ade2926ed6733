/** Scheduled regression runs with score-shift detection ("the vendor changed the model"). */
export { detectShift, type ShiftVerdict } from './drift.ts';
export { claimDue, completeClaim, ensureSchedule, makeDue, renewClaim, scheduleState } from './lock.ts';
export { type Alert, listAlerts, listRuns, recordAlert, recordRun, type ScheduleRun } from './repo.ts';
export { Scheduler, type SchedulerOptions } from './scheduler.ts';
