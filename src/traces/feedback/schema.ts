import { z } from 'zod';
import { UUID_PATTERN } from '../../store/index.ts';

/** Implicit signals an app may report, and the value each stands for when none is sent. */
export const SIGNAL_VALUES = {
  copy: 1,
  share: 1,
  accept: 1,
  like: 1,
  regenerate: 0,
  retry: 0,
  edit: 0.5,
  abandon: 0,
  dismiss: 0,
  dislike: 0,
} as const;
export type Signal = keyof typeof SIGNAL_VALUES;
export const SIGNALS = Object.keys(SIGNAL_VALUES) as Signal[];

const id = z.string().min(1).max(256);

/**
 * Keel request ids are UUIDs (`x-keel-request-id`). Anything else cannot name a gateway request,
 * and used to be filed under a made-up trace id (the text without dashes) where no one looks.
 */
const requestId = z
  .string()
  .regex(
    new RegExp(UUID_PATTERN.source, 'i'),
    'must be a Keel request id (a UUID, from the x-keel-request-id header)',
  )
  .transform((text) => text.toLowerCase());

const common = {
  /** The trace the feedback is about… */
  traceId: id.optional(),
  /** …or the gateway request (`x-keel-request-id` response header); not both. */
  requestId: requestId.optional(),
  spanId: id.optional(),
  /** Client-chosen id: sending the same id again replaces that feedback (idempotent retries). */
  id: id.optional(),
  comment: z.string().max(10_000).optional(),
  /** The end user giving the feedback (erasure removes it with the user's data). */
  user: z.string().min(1).max(256).optional(),
  metadata: z.record(z.string().max(256), z.unknown()).optional(),
  /** Epoch ms or ISO time; default now. */
  timestamp: z
    .union([
      z.number().int().min(0).max(8.64e15),
      // Not before 1970, like the number form: a negative time would be pruned as expired at once.
      z.iso.datetime({ offset: true }).refine((text) => Date.parse(text) >= 0, 'must not be before 1970'),
    ])
    .optional(),
};

/** Explicit feedback: thumbs (`up`/`down`/boolean), a 1–5 rating, or a 0–1 score. */
export const explicitFeedbackSchema = z.strictObject({
  ...common,
  name: z.string().min(1).max(256).optional(),
  value: z.union([z.enum(['up', 'down', 'thumbs_up', 'thumbs_down']), z.boolean(), z.number().finite()]),
  /** How to read a number: '1-5' (stars) or '0-1'; inferred when absent (2–5 → stars). */
  scale: z.enum(['thumbs', '1-5', '0-1']).optional(),
});

/** An implicit signal observed in the app (copy, regenerate, edit, abandon, …). */
export const implicitFeedbackSchema = z.strictObject({
  ...common,
  signal: z.enum(SIGNALS as [Signal, ...Signal[]]),
  /** Overrides the signal's default value (0–1). */
  value: z.number().min(0).max(1).optional(),
});

export type ExplicitFeedback = z.infer<typeof explicitFeedbackSchema>;
export type ImplicitFeedback = z.infer<typeof implicitFeedbackSchema>;
export type FeedbackInput = ExplicitFeedback | ImplicitFeedback;

export const DEFAULT_FEEDBACK_NAME = 'user-feedback';
