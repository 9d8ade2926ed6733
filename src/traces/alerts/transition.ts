/** One alert's state (per rule and group), as stored in trace_alert_state. */
export interface AlertState {
  state: 'ok' | 'pending' | 'firing';
  value: number | null;
  /** When the condition started holding (pending) — `for` counts from here. */
  pendingMs: number | null;
  firingMs: number | null;
  /** Last notice sent (firing or repeat): the cooldown counts from here, across resolves. */
  notifiedMs: number | null;
  /** Whether the current firing was announced (a re-fire inside the cooldown is not). */
  notified: boolean;
}

export type AlertEventKind = 'firing' | 'repeat' | 'resolved' | 'suppressed';

export interface Transition {
  next: AlertState;
  /** What to record in the history (nothing when the state just stays). */
  event?: AlertEventKind;
  /** Whether to send the webhook for that event. */
  notify: boolean;
}

export const OK_STATE: AlertState = {
  state: 'ok',
  value: null,
  pendingMs: null,
  firingMs: null,
  notifiedMs: null,
  notified: false,
};

function fire(prev: AlertState, o: { value: number | null; nowMs: number; cooldownMs: number }): Transition {
  const cooling = prev.notifiedMs !== null && o.nowMs - prev.notifiedMs < o.cooldownMs;
  const base = { ...prev, state: 'firing' as const, value: o.value, firingMs: o.nowMs };
  if (cooling) return { next: { ...base, notified: false }, event: 'suppressed', notify: false };
  return { next: { ...base, notified: true, notifiedMs: o.nowMs }, event: 'firing', notify: true };
}

/**
 * The alert state machine: ok → (pending for `for`) → firing → resolved (ok). De-duplication: one
 * state per rule and group, one notice per firing. Cooldown: no notice within `cooldownMs` of the
 * previous one — a still-firing alert repeats only after it, and one that resolves and fires again
 * inside it is recorded as 'suppressed' (and its resolve is not announced either). A firing alert
 * that was never announced is announced once the cooldown has passed.
 */
export function transition(
  prev: AlertState | undefined,
  o: { breached: boolean; value: number | null; nowMs: number; forMs: number; cooldownMs: number },
): Transition {
  const state = prev ?? OK_STATE;
  if (!o.breached) {
    const next: AlertState = {
      ...state,
      state: 'ok',
      value: o.value,
      pendingMs: null,
      firingMs: null,
      notified: false,
    };
    if (state.state !== 'firing') return { next, notify: false };
    return { next, event: 'resolved', notify: state.notified };
  }
  if (state.state === 'firing') {
    const due = state.notifiedMs === null || o.nowMs - state.notifiedMs >= o.cooldownMs;
    const next = { ...state, value: o.value };
    if (!due) return { next, notify: false };
    return {
      next: { ...next, notified: true, notifiedMs: o.nowMs },
      event: state.notified ? 'repeat' : 'firing',
      notify: true,
    };
  }
  const pendingMs = state.state === 'pending' && state.pendingMs !== null ? state.pendingMs : o.nowMs;
  if (o.nowMs - pendingMs < o.forMs) {
    return { next: { ...state, state: 'pending', value: o.value, pendingMs }, notify: false };
  }
  return fire({ ...state, pendingMs }, o);
}
