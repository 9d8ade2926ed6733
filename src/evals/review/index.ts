/** The human review queue: rubrics, tasks, submissions; calibration of judges against reviews. */
export { type CalibrateReviewsResult, calibrateReviews } from './calibrate-reviews.ts';
export {
  getRubric,
  getTask,
  listRubrics,
  listTasks,
  type ReviewStatus,
  type ReviewTask,
  type Rubric,
  type RubricScale,
  requireRubric,
  scaleSchema,
  type TaskQuery,
  upsertRubric,
} from './repo.ts';
export {
  assignFromExperiment,
  checkRating,
  createTask,
  reviewsToDataset,
  submitReview,
  type TaskSource,
} from './service.ts';
