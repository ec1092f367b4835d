/**
 * The session cookie over real HTTP against the built server, signing in through the login form as a browser
 * does (POST /login with its Origin):
 * - the cookie is HttpOnly, SameSite=Lax, Path=/ and expires in 30 days; Secure only in production behind an
 *   https ORIGIN (hooks.server.ts: `config().production && url.protocol === 'https:'`), not in development;
 * - sliding expiry: a session with less than SESSION_RENEW_WITHIN_MS left is extended to a full lifetime and
 *   the response carries the new expiry; one just outside the window is left alone;
 * - an expired session's cookie reads as signed out (redirect to /login, cookie cleared, row deleted);
 * - logout deletes the session row and clears the cookie;
 * - an unexpected error (a money amount beyond 2^53 in the database, which the driver refuses rather than
 *   rounds: db/index.ts parseInt8) shows an error id ("Mã lỗi") that the server log names too.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../helpers/server';
import { newEventWorld, TEST_PASSWORD } from '../../helpers/factories';
import type { DB } from '../../../src/lib/server/db';
import { withAppDatabase } from './faults-helpers';
import { SESSION_COOKIE, SESSION_LIFETIME_MS, SESSION_RENEW_WITHIN_MS } from '../../../src/lib/server/auth/session';
import { hashToken } from '../../../src/lib/server/auth/tokens';

type StartedApp = Awaited<ReturnType<typeof startApp>>;
const HOUR = 60 * 60 * 1000;

interface SetCookie {
	value: string;
	attrs: Map<string, string>;
}

/** The session cookie a response sets (null when it sets none), with its attributes by lower-case name. */
function sessionCookie(res: Response): SetCookie | null {
	const line = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
	if (!line) return null;
	const [kv, ...parts] = line.split(';').map((s) => s.trim());
	const attrs = new Map<string, string>();
	for (const p of parts) {
		const i = p.indexOf('=');
		attrs.set((i < 0 ? p : p.slice(0, i)).toLowerCase(), i < 0 ? '' : p.slice(i + 1));
	}
	return { value: kv.slice(SESSION_COOKIE.length + 1), attrs };
}

function expiresAt(c: SetCookie): number {
	const v = c.attrs.get('expires');
	expect(v, 'the cookie has an Expires').toBeTruthy();
	return new Date(v!).getTime();
}

/** POST /login as the browser's form does; `origin` is the site's ORIGIN (SvelteKit's CSRF check wants it). */
async function formLogin(app: App, email: string, origin = app.url): Promise<{ res: Response; token: string; cookie: SetCookie }> {
	const res = await fetch(app.url + '/login', {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept: 'text/html' },
		body: new URLSearchParams({ email, password: TEST_PASSWORD }),
		redirect: 'manual'
	});
	expect(res.status, await res.clone().text()).toBe(303);
	const cookie = sessionCookie(res);
	expect(cookie, 'login sets the session cookie').not.toBeNull();
	return { res, token: cookie!.value, cookie: cookie! };
}

function get(app: App, p: string, token: string): Promise<Response> {
	return fetch(app.url + p, { headers: { cookie: `${SESSION_COOKIE}=${token}`, accept: 'text/html' }, redirect: 'manual' });
}

/**
 * Runs fn on the app's database. PostgreSQL: the direct connection, while the server runs. PGlite (one process
 * per folder): stop the server, open its folder, then start it again on the same folder and port.
 */
function withDatabase<T>(app: StartedApp, fn: (db: DB) => Promise<T>): Promise<T> {
	return withAppDatabase(app, (d) => fn(d.db));
}

async function sessionRow(db: DB, token: string) {
	return db.selectFrom('user_session').select(['id', 'expires_at']).where('id', '=', hashToken(token)).executeTakeFirst();
}

describe('development server (NODE_ENV=development, http)', () => {
	let app: StartedApp;
	let email = '';

	beforeAll(async () => {
		app = await startApp({
			env: { NODE_ENV: 'development' },
			prepare: async (d) => {
				email = (await newEventWorld(d.db)).admin.user.email;
			}
		});
	});
	afterAll(async () => app?.stop());

	it('login sets an HttpOnly, SameSite=Lax, Path=/ cookie for 30 days, without Secure', async () => {
		const before = Date.now();
		const { res, cookie, token } = await formLogin(app, email);
		expect(res.headers.get('location')).toBe('/events');
		expect(cookie.value).toMatch(/^[a-z2-7]{32}$/);
		expect(cookie.attrs.has('httponly')).toBe(true);
		expect(cookie.attrs.get('samesite')?.toLowerCase()).toBe('lax');
		expect(cookie.attrs.get('path')).toBe('/');
		expect(cookie.attrs.has('secure')).toBe(false);
		expect(cookie.attrs.has('domain')).toBe(false);
		const exp = expiresAt(cookie);
		expect(exp).toBeGreaterThan(before + SESSION_LIFETIME_MS - HOUR);
		expect(exp).toBeLessThan(Date.now() + SESSION_LIFETIME_MS + HOUR);
		if (cookie.attrs.has('max-age')) expect(Number(cookie.attrs.get('max-age'))).toBeGreaterThan(0);
		// The cookie signs the browser in.
		const events = await get(app, '/events', token);
		expect(events.status).toBe(200);
		expect(sessionCookie(events)?.attrs.has('secure')).toBe(false);
	});

	it('extends a session inside the renewal window and re-sets the cookie; leaves one outside it alone', async () => {
		const near = (await formLogin(app, email)).token;
		const far = (await formLogin(app, email)).token;
		const nearExpiry = new Date(Date.now() + SESSION_RENEW_WITHIN_MS - HOUR);
		const farExpiry = new Date(Date.now() + SESSION_RENEW_WITHIN_MS + HOUR);
		await withDatabase(app, async (db) => {
			await db.updateTable('user_session').set({ expires_at: nearExpiry }).where('id', '=', hashToken(near)).execute();
			await db.updateTable('user_session').set({ expires_at: farExpiry }).where('id', '=', hashToken(far)).execute();
		});

		const before = Date.now();
		const renewed = await get(app, '/events', near);
		expect(renewed.status).toBe(200);
		const c = sessionCookie(renewed);
		expect(c, 'the response re-sets the cookie').not.toBeNull();
		expect(c!.value).toBe(near);
		expect(c!.attrs.has('httponly')).toBe(true);
		expect(expiresAt(c!)).toBeGreaterThan(before + SESSION_LIFETIME_MS - HOUR);

		const kept = await get(app, '/events', far);
		expect(kept.status).toBe(200);
		expect(Math.abs(expiresAt(sessionCookie(kept)!) - farExpiry.getTime())).toBeLessThan(2000);

		await withDatabase(app, async (db) => {
			expect((await sessionRow(db, near))!.expires_at.getTime()).toBeGreaterThan(before + SESSION_LIFETIME_MS - HOUR);
			expect(Math.abs((await sessionRow(db, far))!.expires_at.getTime() - farExpiry.getTime())).toBeLessThan(1000);
		});
	});

	it('treats an expired session as signed out: redirect to /login, cookie cleared, row deleted', async () => {
		const { token } = await formLogin(app, email);
		await withDatabase(app, (db) =>
			db.updateTable('user_session').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', hashToken(token)).execute()
		);
		const res = await get(app, '/events', token);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/login(\?|$)/);
		const c = sessionCookie(res);
		expect(c, 'the response clears the cookie').not.toBeNull();
		expect(c!.value).toBe('');
		expect(c!.attrs.get('max-age')).toBe('0');
		await withDatabase(app, async (db) => expect(await sessionRow(db, token)).toBeUndefined());
	});

	it('logout deletes the session row and clears the cookie', async () => {
		const { token } = await formLogin(app, email);
		expect((await get(app, '/events', token)).status).toBe(200);
		const res = await fetch(app.url + '/logout', {
			method: 'POST',
			headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: '',
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/login');
		const c = sessionCookie(res);
		expect(c!.value).toBe('');
		expect(c!.attrs.get('max-age')).toBe('0');
		// The old token no longer signs anyone in.
		const after = await get(app, '/events', token);
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toMatch(/^\/login/);
		await withDatabase(app, async (db) => expect(await sessionRow(db, token)).toBeUndefined());
	});
});

describe('production server behind an https ORIGIN', () => {
	const ORIGIN = 'https://hoinghi.example.vn';
	let app: StartedApp;
	let email = '';

	beforeAll(async () => {
		app = await startApp({
			env: { NODE_ENV: 'production', ORIGIN, PUBLIC_URL: ORIGIN },
			prepare: async (d) => {
				email = (await newEventWorld(d.db)).admin.user.email;
			}
		});
	});
	afterAll(async () => app?.stop());

	it('sets the cookie Secure at login, on every renewal and when clearing it', async () => {
		const { cookie, token } = await formLogin(app, email, ORIGIN);
		expect(cookie.attrs.has('secure')).toBe(true);
		expect(cookie.attrs.has('httponly')).toBe(true);
		expect(cookie.attrs.get('samesite')?.toLowerCase()).toBe('lax');
		expect(cookie.attrs.get('path')).toBe('/');
		expect(expiresAt(cookie)).toBeGreaterThan(Date.now() + SESSION_LIFETIME_MS - HOUR);

		const page = await get(app, '/events', token);
		expect(page.status).toBe(200);
		expect(sessionCookie(page)!.attrs.has('secure')).toBe(true);

		const out = await fetch(app.url + '/logout', {
			method: 'POST',
			headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: '',
			redirect: 'manual'
		});
		expect(out.status).toBe(303);
		const cleared = sessionCookie(out)!;
		expect(cleared.value).toBe('');
		expect(cleared.attrs.has('secure')).toBe(true);
	});

	it('refuses the login form from another origin (CSRF), setting no cookie', async () => {
		const res = await fetch(app.url + '/login', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', accept: 'text/html' },
			body: new URLSearchParams({ email, password: TEST_PASSWORD }),
			redirect: 'manual'
		});
		expect(res.status).toBe(403);
		expect(sessionCookie(res)).toBeNull();
	});
});

describe('an unexpected server error', () => {
	let app: StartedApp;
	let email = '';
	let eventId = 0;

	beforeAll(async () => {
		app = await startApp({
			prepare: async (d) => {
				const w = await newEventWorld(d.db);
				email = w.admin.user.email;
				eventId = w.eventId;
				// A budget source whose amount no JavaScript number holds exactly: the app refuses to read it
				// (db/index.ts parseInt8) instead of rounding money, so its page fails with a 500.
				await sql`insert into funding_source (event_id, name, fund_type, amount) values (${eventId}, 'Nguồn hỏng', 'other', 9007199254740993)`.execute(d.db);
			}
		});
	});
	// Found while writing this test: on PostgreSQL, after this error the built server often does not exit on
	// SIGTERM (it does with RUN_WORKER=0, and on PGlite). That is not what this file tests: stop it with SIGKILL
	// after a bounded wait, and say so in the log.
	afterAll(async () => {
		if (!app) return;
		const exited = await Promise.race([app.kill('SIGTERM').then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
		if (!exited) {
			console.warn('[session-cookie.test] the server did not exit within 15 s of SIGTERM after the error; killed with SIGKILL');
			await app.kill('SIGKILL');
		}
		await app.stop();
	});

	it('an unexpected error shows an error id that the server log names', async () => {
		const { token } = await formLogin(app, email);
		const res = await get(app, `/events/${eventId}/budget/sources`, token);
		expect(res.status).toBe(500);
		const html = await res.text();
		const m = /Mã lỗi:\s*<code[^>]*>([0-9a-f]{8})<\/code>/.exec(html);
		expect(m, 'the error page shows "Mã lỗi"').not.toBeNull();
		const errorId = m![1];
		// The log line is written as the error is handled; give the pipe a moment.
		const deadline = Date.now() + 5000;
		while (!app.output().includes(`lỗi ${errorId}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
		expect(app.output()).toContain(`[hoi-nghi] lỗi ${errorId} GET /events/${eventId}/budget/sources`);
		// The page does not leak the cause to the browser.
		expect(html).not.toContain('9007199254740993');
		expect(html).not.toContain('giới hạn an toàn');
	});
});
