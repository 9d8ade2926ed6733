/** The /api/evals routes. */
export { allowAllEvals, type EvalsAction, type EvalsAuthorize, type RouteContext } from './context.ts';
export { datasetRoutes } from './dataset-routes.ts';
export { experimentRoutes } from './experiment-routes.ts';
export { reviewRoutes } from './review-routes.ts';
