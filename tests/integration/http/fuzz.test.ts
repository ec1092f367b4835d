/**
 * Throws malformed and random input at every JSON endpoint of the OpenAPI document (as an administrator of
 * the demo conference, so requests reach the handlers) and asserts a 4xx with a stable code — never a 500,
 * never a hang. Deterministic: the random generator is seeded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../helpers/server';
import { seedDemoIfEmpty } from '../../../src/lib/server/demo/seed';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';
import { createRng } from '../../../src/lib/server/demo/rng';

let app: App;
let token = '';
let eventId = 0;
let doc: { paths: Record<string, Record<string, unknown>> };

beforeAll(async () => {
	app = await startApp({
		prepare: async (d) => {
			await seedDemoIfEmpty(d.db);
			const admin = await d.db.selectFrom('app_user').select('id').where('email', '=', 'quantri@demo.hoinghi.vn').executeTakeFirstOrThrow();
			token = (await issueApiToken(d.db, { userId: admin.id, name: 'fuzz', createdBy: null })).token;
			eventId = (await d.db.selectFrom('event').select('id').executeTakeFirstOrThrow()).id;
		}
	});
	doc = await (await fetch(app.url + '/api/v1/openapi.json')).json();
}, 180_000);
afterAll(async () => app?.stop());

const rng = createRng(4242);
const junkStrings = [
	'',
	' ',
	'\u0000\u0001\u0002',
	'Nguyễn'.normalize('NFD'),
	'<script>alert(1)</script>',
	"'; drop table delegate; --",
	'../../etc/passwd',
	'9'.repeat(400),
	'-1',
	'1e309',
	'NaN',
	'\uD800',
	'đ'.repeat(20_000)
];
function junk(depth = 0): unknown {
	const k = rng.int(0, 9);
	if (depth > 2) return rng.pick(junkStrings);
	switch (k) {
		case 0: return null;
		case 1: return rng.pick([0, -1, 1.5, 2 ** 60, Number.MAX_SAFE_INTEGER, -0]);
		case 2: return rng.chance(0.5);
		case 3: return [junk(depth + 1), junk(depth + 1)];
		case 4: return { [rng.pick(['id', 'name', 'amount', 'tiers', 'delegateId', '__proto__', 'constructor'])]: junk(depth + 1) };
		default: return rng.pick(junkStrings);
	}
}

function bodiesFor(schemaKeys: string[]): { label: string; body: string; type: string }[] {
	const obj: Record<string, unknown> = {};
	for (const k of schemaKeys) obj[k] = junk();
	// Every number one past PostgreSQL's integer (ids, counts, ranks): never a database error.
	const huge: Record<string, unknown> = {};
	for (const k of schemaKeys) huge[k] = /Ids$|^ids$/.test(k) ? [2 ** 31] : 2 ** 31;
	return [
		{ label: 'numbers past int4', body: JSON.stringify(huge), type: 'application/json' },
		{ label: 'no body', body: '', type: 'application/json' },
		{ label: 'broken JSON', body: '{"a":', type: 'application/json' },
		{ label: 'array', body: '[1,2,3]', type: 'application/json' },
		{ label: 'string', body: '"chuỗi"', type: 'application/json' },
		{ label: 'wrong types', body: JSON.stringify(obj), type: 'application/json' },
		{ label: 'random object', body: JSON.stringify({ x: junk(), y: junk(), z: junk() }), type: 'application/json' },
		{ label: 'binary', body: String.fromCharCode(...Array.from({ length: 64 }, () => rng.int(0, 255))), type: 'application/octet-stream' },
		{ label: 'form', body: 'a=1&b=%ZZ', type: 'text/plain' }
	];
}

function propertyKeys(op: Record<string, unknown>): string[] {
	const content = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content ?? {};
	const keys = new Set<string>();
	const walk = (s: unknown, depth = 0) => {
		if (!s || typeof s !== 'object' || depth > 4) return;
		const o = s as Record<string, unknown>;
		if (o.properties) for (const k of Object.keys(o.properties as object)) keys.add(k);
		for (const arr of ['allOf', 'oneOf', 'anyOf'] as const) if (Array.isArray(o[arr])) for (const x of o[arr] as unknown[]) walk(x, depth + 1);
		if (typeof o.$ref === 'string') walk((doc as { components?: { schemas?: Record<string, unknown> } }).components?.schemas?.[(o.$ref as string).split('/').pop()!], depth + 1);
	};
	for (const c of Object.values(content)) walk(c.schema);
	return [...keys];
}

function fillPath(p: string, variant: 'real' | 'missing' | 'bad'): string {
	return p.replace(/\{(\w+)\}/g, (_m, name: string) => {
		if (name === 'eventId') return variant === 'bad' ? 'abc' : String(variant === 'missing' ? 999999 : eventId);
		if (variant === 'bad') return rng.pick(['abc', '0', '-1', '1.5', '2147483648', '99999999999999999999']);
		return variant === 'missing' ? '999999' : '1';
	});
}

async function call(method: string, url: string, body: string, contentType: string) {
	const ctl = new AbortController();
	const timer = setTimeout(() => ctl.abort(), 15_000);
	try {
		const res = await fetch(app.url + '/api/v1' + url, {
			method,
			headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
			body: method === 'GET' || method === 'DELETE' ? undefined : body,
			signal: ctl.signal,
			redirect: 'manual'
		});
		const answered = res.headers.get('content-type') ?? '';
		if (answered.includes('text/event-stream')) {
			// A live stream never ends: its answer is the status and headers.
			await res.body?.cancel();
			return { status: res.status, type: answered, text: '' };
		}
		const text = await res.text();
		return { status: res.status, type: answered, text };
	} finally {
		clearTimeout(timer);
	}
}

describe('fuzzing every API endpoint', () => {
	it('never answers 5xx or hangs, and every 4xx JSON carries a code', async () => {
		const failures: string[] = [];
		let requests = 0;
		for (const [p, ops] of Object.entries(doc.paths)) {
			for (const [method, op] of Object.entries(ops)) {
				if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
				const M = method.toUpperCase();
				const cases = [
					...(M === 'GET' || M === 'DELETE' ? [{ label: 'plain', body: '', type: 'application/json' }] : bodiesFor(propertyKeys(op as Record<string, unknown>))),
				];
				for (const variant of ['real', 'missing', 'bad'] as const) {
					for (const c of variant === 'real' ? cases : cases.slice(0, 2)) {
						let url = fillPath(p, variant);
						if (M === 'GET') url += `?q=${encodeURIComponent(String(junk()).replace(/[\uD800-\uDFFF]/g, ''))}&tierId=abc&limit=-5&page=%FF`;
						requests++;
						try {
							const r = await call(M, url, c.body, c.type);
							if (r.status >= 500) failures.push(`${M} ${url} [${c.label}] → ${r.status} ${r.text.slice(0, 200)}`);
							else if (r.status >= 400 && r.type.includes('json')) {
								const j = JSON.parse(r.text);
								if (!j?.error?.code || !j?.error?.message) failures.push(`${M} ${url} [${c.label}] → ${r.status} without error.code`);
							}
						} catch (e) {
							failures.push(`${M} ${url} [${c.label}] → ${(e as Error).name === 'AbortError' ? 'no answer in 15 s' : (e as Error).message}`);
						}
					}
				}
			}
		}
		console.log(`fuzz: ${requests} requests to ${Object.keys(doc.paths).length} paths`);
		expect(failures).toEqual([]);
		expect(requests).toBeGreaterThan(100);
	}, 600_000);
});
