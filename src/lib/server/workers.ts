/**
 * Background workers of the web process (the mail outbox, …). Each capability registers a starter here.
 * Workers take their jobs from PostgreSQL with row locks, so several instances may run them at once.
 */
import type { Database_ } from './db';

type Starter = (d: Database_) => () => Promise<void>;
const starters: Starter[] = [];
const running: Array<() => Promise<void>> = [];

export function registerWorker(start: Starter): void {
	starters.push(start);
}

let started = false;
export function startWorkers(d: Database_): void {
	if (started) return;
	started = true;
	for (const s of starters) running.push(s(d));
}

export async function stopWorkers(): Promise<void> {
	await Promise.all(running.splice(0).map((stop) => stop()));
	started = false;
}
