/**
 * Sessions in the Lucia style (lucia-auth.com "Sessions" guide; the `lucia` package itself is deprecated):
 * a random token in an httpOnly cookie, only its SHA-256 in the database, 30-day sliding expiry renewed
 * when less than 15 days remain.
 */
import type { Cookies } from '@sveltejs/kit';
import type { Executor } from '$lib/server/db';
import { generateToken, hashToken } from './tokens';

export const SESSION_COOKIE = 'hn_session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
export const SESSION_RENEW_WITHIN_MS = 15 * DAY;

export interface SessionUser {
	id: number;
	email: string;
	fullName: string;
	isSystemAdmin: boolean;
}

export interface Session {
	id: string;
	userId: number;
	expiresAt: Date;
}

export function generateSessionToken(): string {
	return generateToken(20);
}

export async function createSession(
	db: Executor,
	token: string,
	userId: number,
	meta: { ip?: string | null; userAgent?: string | null } = {},
	now = new Date()
): Promise<Session> {
	const session: Session = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS)
	};
	await db
		.insertInto('user_session')
		.values({
			id: session.id,
			user_id: userId,
			expires_at: session.expiresAt,
			ip: meta.ip ?? null,
			user_agent: meta.userAgent?.slice(0, 300) ?? null
		})
		.execute();
	return session;
}

/** Returns the session and its user, renewing the expiry when it is in its second half; null if invalid. */
export async function validateSessionToken(
	db: Executor,
	token: string,
	now = new Date()
): Promise<{ session: Session; user: SessionUser } | null> {
	if (!/^[a-z2-7]{20,64}$/.test(token)) return null;
	const id = hashToken(token);
	const row = await db
		.selectFrom('user_session')
		.innerJoin('app_user', 'app_user.id', 'user_session.user_id')
		.select([
			'user_session.id',
			'user_session.user_id',
			'user_session.expires_at',
			'app_user.email',
			'app_user.full_name',
			'app_user.is_system_admin',
			'app_user.disabled_at'
		])
		.where('user_session.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const session: Session = { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
	if (now.getTime() >= session.expiresAt.getTime() || row.disabled_at) {
		await db.deleteFrom('user_session').where('id', '=', id).execute();
		return null;
	}
	if (now.getTime() >= session.expiresAt.getTime() - SESSION_RENEW_WITHIN_MS) {
		session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
		await db
			.updateTable('user_session')
			.set({ expires_at: session.expiresAt })
			.where('id', '=', id)
			.execute();
	}
	return {
		session,
		user: {
			id: row.user_id,
			email: row.email,
			fullName: row.full_name,
			isSystemAdmin: row.is_system_admin
		}
	};
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
	await db.deleteFrom('user_session').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(db: Executor, userId: number): Promise<void> {
	await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure,
		path: '/',
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies, secure: boolean): void {
	cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}
