/**
 * The role × route matrix over real HTTP against the built server: every page and API endpoint, for each
 * role of the owning organisation, an administrator of another organisation, and an anonymous visitor.
 * Destructive cases act on entities of each caller's own (fresh-matrix.ts) and check what is left.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, client, type App } from '../../helpers/server';
import { newEventWorld, newMember, newOrganisation } from '../../helpers/factories';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';
import { can, ROLES, type Permission } from '../../../src/lib/server/auth/permissions';
import { ROUTES, type RouteCase } from './route-matrix';
import { invitationPlaceholders } from './invitations-matrix';
import { submissionPlaceholders } from './submissions-matrix';
import { awardsPlaceholders } from '../../unit/awards/world';
import { delegatePlaceholders } from './delegates-matrix';
import { freshPlaceholders } from './fresh-matrix';

type Who = (typeof ROLES)[number] | 'outsider' | 'anonymous';
const WHO: Who[] = [...ROLES, 'outsider', 'anonymous'];

let app: App;
const cookies: Partial<Record<Who, string>> = {};
const tokens: Partial<Record<Who, string>> = {};
let eventId = 0;
let orgId = 0;
let tiersBody: unknown;
/** More placeholders (':delegateId', ':token', …) filled into paths, from each capability's world. */
let placeholders: Record<string, string> = {};
/** Placeholders of one caller: its own entity of each kind the DELETE cases destroy. */
let perCaller: Record<string, Record<string, string>> = {};

beforeAll(async () => {
	app = await startApp({
		prepare: async (d) => {
			const w = await newEventWorld(d.db);
			eventId = w.eventId;
			orgId = w.org.id;
			tiersBody = { tiers: w.tiers.map((t) => ({ id: t.id, name: t.name, isLeader: t.position === 1 })) };
			placeholders = { ...placeholders, ...(await invitationPlaceholders(d, w)) };
			placeholders = { ...placeholders, ...(await submissionPlaceholders(d, w)) };
			placeholders = { ...placeholders, ...(await awardsPlaceholders(d, w)) };
			placeholders = { ...placeholders, ...(await delegatePlaceholders(d, w)) };
			const fresh = await freshPlaceholders(d, w, WHO);
			placeholders = { ...placeholders, ...fresh.shared };
			perCaller = fresh.perCaller;
			const other = await newOrganisation(d.db);
			const people: Partial<Record<Who, number>> = { admin: w.admin.user.id };
			for (const role of ROLES.filter((r) => r !== 'admin')) people[role] = (await newMember(d.db, w.org.id, role)).user.id;
			people.outsider = (await newMember(d.db, other.id, 'admin')).user.id;
			for (const [who, userId] of Object.entries(people) as [Who, number][]) {
				const token = generateSessionToken();
				await createSession(d.db, token, userId);
				cookies[who] = `${SESSION_COOKIE}=${token}`;
				tokens[who] = (await issueApiToken(d.db, { userId, name: `khóa ${who}`, createdBy: null })).token;
			}
		}
	});
});
afterAll(async () => app?.stop());

function expected(rc: RouteCase, who: Who): 'allow' | 'login' | 'forbidden' | 'hidden' {
	if (rc.need === 'public') return 'allow';
	if (who === 'anonymous') return 'login';
	if (rc.need === 'signed-in') return 'allow';
	if (who === 'outsider') {
		// Outsiders administer their own organisation: org-level routes of ours are hidden, event routes too.
		if (rc.need === 'org-admin') return 'allow';
		return rc.path.includes(':eventId') || rc.path.includes(':orgId') ? 'hidden' : rc.path === '/events/new' ? 'allow' : 'hidden';
	}
	if (rc.need === 'org-admin') return who === 'admin' ? 'allow' : 'forbidden';
	return can(who, rc.need as Permission) ? 'allow' : 'forbidden';
}

function fill(s: string, who?: Who): string {
	let out = s;
	if (who) for (const [k, v] of Object.entries({ ...perCaller[who], ':caller': who })) out = out.split(k).join(v);
	out = out.replace(':eventId', String(eventId)).replace(':orgId', String(orgId));
	for (const [k, v] of Object.entries(placeholders)) out = out.split(k).join(v);
	return out;
}

/** Whether the entity a destructive case targets for `who` is still there, seen through the API as the administrator. */
async function present(rc: RouteCase, who: Who): Promise<boolean> {
	const f = rc.fresh!;
	const id = perCaller[who]?.[f.id];
	expect(id, `no ${f.id} for ${who} in the world`).toBeTruthy();
	const res = await client(app).get(fill(f.probe, who), { authorization: `Bearer ${tokens.admin}` });
	if (!f.list && res.status === 404) return false;
	expect(res.status, `probe ${f.probe}`).toBe(200);
	const json = await res.json();
	let item: Record<string, unknown> | undefined = json;
	if (f.list) {
		expect(Array.isArray(json[f.list]), `probe ${f.probe} lists ${f.list}`).toBe(true);
		item = (json[f.list] as Record<string, unknown>[]).find((x) => String(x.id) === id);
	}
	if (!item) return false;
	if (f.goneWhen) {
		expect(item, `probe ${f.probe} shows ${f.goneWhen.field}`).toHaveProperty(f.goneWhen.field);
		return item[f.goneWhen.field] !== f.goneWhen.equals;
	}
	return true;
}

describe('role × route matrix', () => {
	for (const rc of ROUTES) {
		for (const who of WHO) {
			it(`${rc.method} ${rc.path} as ${who}`, async () => {
				const want = expected(rc, who);
				if (rc.fresh) expect(await present(rc, who), 'the entity to act on is there before the request').toBe(true);
				const c = client(app, rc.kind === 'page' ? cookies[who] : undefined);
				const headers: Record<string, string> = rc.kind === 'api' && tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {};
				let body = rc.body === ':tiers' ? tiersBody : rc.body;
				if (body && typeof body === 'object') body = JSON.parse(fill(JSON.stringify(body), who).replace('":orgId"', String(orgId)).replace(`"${orgId}"`, String(orgId)));
				const res = rc.method === 'GET' ? await c.get(fill(rc.path, who), headers) : await c.json(rc.method, fill(rc.path, who), body, headers);
				const status = res.status;
				const location = res.headers.get('location') ?? '';
				if (want === 'allow') {
					expect([401, 403, 404, 500], `${status} ${location}`).not.toContain(status);
					// Public pages may send a visitor on (/ → /login, /setup → /login once set up).
					if (status >= 300 && status < 400 && rc.need !== 'public') expect(location).not.toMatch(/^\/login/);
					if (rc.fresh) {
						expect(status, 'an allowed delete succeeds').toBeGreaterThanOrEqual(200);
						expect(status, 'an allowed delete succeeds').toBeLessThan(300);
					}
				} else if (want === 'login') {
					if (rc.kind === 'api') {
						expect(status).toBe(401);
						expect((await res.json()).error.code).toBe('unauthenticated');
					} else {
						expect(status).toBe(303);
						expect(location).toMatch(/^\/login\?next=/);
					}
				} else if (want === 'forbidden') {
					expect(status).toBe(403);
					if (rc.kind === 'api') expect((await res.json()).error.code).toBe('forbidden');
				} else {
					expect(status).toBe(404);
					if (rc.kind === 'api') expect((await res.json()).error.code).toBe('not_found');
				}
				if (rc.fresh) expect(await present(rc, who), want === 'allow' ? 'deleted' : 'left in place').toBe(want !== 'allow');
			});
		}
	}

	it('lists every page and every exported method of every endpoint of the application', () => {
		const listed = new Set(ROUTES.map((r) => `${r.method} ${r.route}`));
		const found = new Set<string>();
		const walk = (dir: string) => {
			for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
				const p = path.join(dir, e.name);
				if (e.isDirectory()) walk(p);
				else {
					const route = path.relative('src/routes', dir).split(path.sep).join('/');
					if (/^\+page(\.server)?\.(svelte|ts|js)$/.test(e.name)) found.add(`GET ${route}`);
					else if (/^\+server\.(ts|js)$/.test(e.name)) {
						const methods = serverMethods(fs.readFileSync(p, 'utf8'));
						expect(methods.length, `${p} exports no request handler`).toBeGreaterThan(0);
						for (const m of methods) found.add(`${m} ${route}`);
					}
				}
			}
		};
		walk('src/routes');
		const missing = [...found].filter((k) => !listed.has(k)).sort();
		expect(missing, `(method, route) pairs of src/routes missing from tests/integration/http/route-matrix.ts:\n${missing.join('\n')}\n`).toEqual([]);
		const stale = [...listed].filter((k) => !found.has(k)).sort();
		expect(stale, `route-matrix.ts rows with no such page or handler in src/routes:\n${stale.join('\n')}\n`).toEqual([]);
	});

	it('reads the exported methods of an endpoint in every form SvelteKit accepts', () => {
		const src = [
			'export const GET: RequestHandler = api(async () => json({}));',
			'export async function POST({ request }) {}',
			'export function PUT() {}',
			'const remove = async () => new Response(null);',
			'const patch = () => new Response(null);',
			'export { remove as DELETE, patch as PATCH };',
			'export { OPTIONS } from "./shared";',
			'export let HEAD = () => new Response(null);',
			'// export const fallback = () => {};',
			'export const prerender = false;'
		].join('\n');
		expect(serverMethods(src).sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
	});
});

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback'];

/** The request handlers a +server.ts exports: `export const|let|var X`, `export [async] function X`, `export { a as X, Y }`. */
function serverMethods(source: string): string[] {
	const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
	const names = new Set<string>();
	for (const m of code.matchAll(/\bexport\s+(?:const|let|var|(?:async\s+)?function\s*\*?)\s*([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
	for (const m of code.matchAll(/\bexport\s*(?:type\s*)?\{([^}]*)\}/g)) {
		if (/^\s*export\s+type\b/.test(m[0])) continue;
		for (const part of m[1].split(',')) {
			const spec = part.trim().replace(/^type\s+/, '');
			if (!spec) continue;
			const as = spec.split(/\s+as\s+/);
			names.add(as[as.length - 1].trim());
		}
	}
	return [...names].filter((n) => HTTP_METHODS.includes(n));
}

describe('authentication over HTTP', () => {
	it('refuses a forged session cookie and clears it', async () => {
		const c = client(app, `${SESSION_COOKIE}=${generateSessionToken()}`);
		const res = await c.get('/events');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/login/);
		expect(res.headers.getSetCookie().join(';')).toMatch(new RegExp(`${SESSION_COOKIE}=;`));
	});

	it('refuses a bad API token without falling back to the cookie', async () => {
		const c = client(app, cookies.admin);
		const res = await c.get('/api/v1/me', { authorization: 'Bearer hn_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
		expect(res.status).toBe(401);
	});

	it('signs in through the login form with a Lax, httpOnly cookie and throttles guessing', async () => {
		const c = client(app);
		const bad = await c.post('/login', { email: 'khong.ton.tai@thu.vn', password: 'sai-mat-khau' });
		expect(bad.status).toBe(400);
		const html = await bad.text();
		expect(html).toContain('Email hoặc mật khẩu không đúng');
		for (let i = 0; i < 5; i++) await c.post('/login', { email: 'doan.mo@thu.vn', password: 'sai' });
		const locked = await c.post('/login', { email: 'doan.mo@thu.vn', password: 'sai' });
		expect(locked.status).toBe(429);
		expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it('refuses a cross-site form post', async () => {
		const res = await fetch(app.url + '/login', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
			body: 'email=a%40b.vn&password=x',
			redirect: 'manual'
		});
		expect(res.status).toBe(403);
	});

	it('sends security headers and serves the OpenAPI document', async () => {
		const res = await fetch(app.url + '/api/v1/openapi.json');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		const doc = await res.json();
		expect(doc.openapi).toBe('3.1.0');
		expect(Object.keys(doc.paths)).toContain('/events/{eventId}');
		const page = await fetch(app.url + '/login');
		expect(page.headers.get('content-security-policy') ?? '').toContain("frame-ancestors 'none'");
	});

	it('answers an unknown API route and a malformed id with JSON 404', async () => {
		const c = client(app);
		const res = await c.get('/api/v1/events/abc', { authorization: `Bearer ${tokens.admin}` });
		expect(res.status).toBe(404);
	});
});
