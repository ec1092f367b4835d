/**
 * Login throttling kept in PostgreSQL (login_attempt), never in process memory, so that several app
 * instances share one count. Failures per account and per IP address within a window lock further tries.
 */
import { sql } from 'kysely';
import type { Executor } from '$lib/server/db';

export const THROTTLE = {
	windowMs: 15 * 60 * 1000,
	maxFailuresPerEmail: 5,
	maxFailuresPerIp: 30
} as const;

export interface ThrottleState {
	allowed: boolean;
	retryAfterSeconds: number;
}

export async function checkLoginThrottle(
	db: Executor,
	email: string,
	ip: string,
	now = new Date()
): Promise<ThrottleState> {
	const since = new Date(now.getTime() - THROTTLE.windowMs);
	const [byEmail, byIp] = await Promise.all([
		recentFailures(db, 'email', email, since),
		recentFailures(db, 'ip', ip, since)
	]);
	let until = 0;
	if (byEmail.count >= THROTTLE.maxFailuresPerEmail && byEmail.oldest)
		until = Math.max(until, byEmail.oldest.getTime() + THROTTLE.windowMs);
	if (byIp.count >= THROTTLE.maxFailuresPerIp && byIp.oldest)
		until = Math.max(until, byIp.oldest.getTime() + THROTTLE.windowMs);
	if (until > now.getTime()) {
		return { allowed: false, retryAfterSeconds: Math.ceil((until - now.getTime()) / 1000) };
	}
	return { allowed: true, retryAfterSeconds: 0 };
}

/** Failures since the last success of that key (a successful login clears the account's count). */
async function recentFailures(
	db: Executor,
	column: 'email' | 'ip',
	value: string,
	since: Date
): Promise<{ count: number; oldest: Date | null }> {
	const lastSuccess = db
		.selectFrom('login_attempt')
		.select(sql<Date>`coalesce(max(at), '-infinity'::timestamptz)`.as('at'))
		.where(column, '=', value)
		.where('success', '=', true);
	// The window slides: the lock lasts until the oldest counted failure leaves it.
	const row = await db
		.selectFrom('login_attempt')
		.select([sql<number>`count(*)`.as('count'), sql<Date | null>`min(at)`.as('oldest')])
		.where(column, '=', value)
		.where('success', '=', false)
		.where('at', '>', since)
		.where('at', '>', lastSuccess)
		.executeTakeFirstOrThrow();
	return { count: Number(row.count), oldest: row.oldest ? new Date(row.oldest) : null };
}

export async function recordLoginAttempt(
	db: Executor,
	email: string,
	ip: string,
	success: boolean,
	now = new Date()
): Promise<void> {
	await db.insertInto('login_attempt').values({ email, ip, success, at: now }).execute();
	// Keep the table small: attempts older than a day are of no further use.
	if (Math.random() < 0.02) {
		await db
			.deleteFrom('login_attempt')
			.where('at', '<', new Date(now.getTime() - 24 * 3600 * 1000))
			.execute();
	}
}
