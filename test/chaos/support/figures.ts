import fs from 'node:fs';
import path from 'node:path';
import { CHAOS_OUTPUT } from './botProcess';
import type { ConnectorRequest } from './chaosConnector';

/** The busiest window of `ms` in a series of times: how many fell in it, and where it starts. */
export interface Busiest {
  count: number;
  /** Start of the busiest window (the first time in it). */
  from: number;
  /** Time between the first and the last event of that window, ms. */
  spanMs: number;
}

/** The most events in any half-open window [t, t + ms). */
export function busiestWindow(times: readonly number[], ms: number): Busiest {
  const sorted = [...times].sort((a, b) => a - b);
  let best: Busiest = { count: 0, from: 0, spanMs: 0 };
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end] - sorted[start] < ms) end++;
    if (end - start > best.count) best = { count: end - start, from: sorted[start], spanMs: sorted[end - 1] - sorted[start] };
  }
  return best;
}

/** The busiest window over every conversation, with the conversation it was in. */
export function busiestConversation(requests: readonly ConnectorRequest[], ms: number): Busiest & { conversationId: string } {
  const byConversation = new Map<string, number[]>();
  for (const request of requests) {
    const times = byConversation.get(request.conversationId) ?? [];
    times.push(request.at);
    byConversation.set(request.conversationId, times);
  }
  let best = { count: 0, from: 0, spanMs: 0, conversationId: '' };
  for (const [conversationId, times] of byConversation) {
    const busiest = busiestWindow(times, ms);
    if (busiest.count > best.count) best = { ...busiest, conversationId };
  }
  return best;
}

/** Proactive reminder messages among the requests; `acceptedOnly` keeps those the connector took. */
export function reminderSends(requests: readonly ConnectorRequest[], acceptedOnly: boolean): ConnectorRequest[] {
  return requests.filter((r) => r.reminderId && (!acceptedOnly || r.status < 300));
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Rounds ms to seconds with one decimal, for printing. */
export const seconds = (ms: number) => Math.round(ms / 100) / 10;

/**
 * Prints a scenario's figures (they show in the jest run) and keeps them under
 * `test-output/chaos/figures-<scenario>.json`, appending one line per run for comparisons.
 */
export function report(scenario: string, figures: Record<string, unknown>): void {
  console.log(`[chaos] ${scenario}\n${JSON.stringify(figures, null, 2)}`);
  fs.mkdirSync(CHAOS_OUTPUT, { recursive: true });
  fs.appendFileSync(path.join(CHAOS_OUTPUT, `figures-${scenario}.jsonl`), `${JSON.stringify({ at: new Date().toISOString(), ...figures })}\n`);
}
