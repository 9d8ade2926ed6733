export {
  alertText,
  type BudgetAlert,
  BudgetAlerter,
  type BudgetAlerterOptions,
  crossedThresholds,
} from './alerts.ts';
export { PeriodClock, type PeriodWindow, parsePeriodKey, periodAdjective, periodWindow } from './periods.ts';
