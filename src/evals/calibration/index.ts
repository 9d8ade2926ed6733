/** Judge calibration against human labels: κ (weighted for ordinal scales), confusion matrix, pass/fail. */
export type { CalibrateOptions, CalibrationItem, CalibrationResult } from './calibrate.ts';
export { calibrate, SMALL_SAMPLE } from './calibrate.ts';
export { formatCalibration, formatConfusion } from './format.ts';
export type { Rating } from './labels.ts';
export { toBinary, toOrdinal, unitToScale } from './labels.ts';
