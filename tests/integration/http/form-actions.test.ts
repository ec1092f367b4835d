/**
 * Every form action of every page (`export const actions` in src/routes/**\/+page.server.ts), posted over real
 * HTTP against the built server the way an enhanced form posts it (`POST /path?/name`, accept: application/json,
 * x-sveltekit-action: true), by:
 *
 * - an administrator of ANOTHER organisation: refused with 404 (the event, or the organisation, is hidden), or
 *   403 for the rules shared by every organisation (SYSTEM_WIDE) and the system administrator's /admin, and
 * - the read-only role (viewer) of the event's organisation: refused with 403,
 *
 * in whichever shape the action answers (fail(…) → {type:'failure', status}, error(…) → {type:'error'}), except
 * the actions of ALLOWED (public pages, the caller's own account; each with its reason), which run last.
 * The body is empty, or, for the actions that read and validate input, a valid one (MINIMAL) so the
 * permission check is what answers (and, separately, an empty one, which must be refused the same way). Across the whole walk of refusals nothing is written:
 * the audit log and every table (row count and a digest of its rows) are the same before and after.
 *
 * The actions are read from the sources (the keys of the `actions` object, `default` included), and each page
 * is reached through its GET row of tests/integration/http/route-matrix.ts with the same world and placeholders
 * as permissions.test.ts: a new page with actions fails here until it is mapped.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as devalue from 'devalue';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../helpers/server';
import { newEventWorld, newMember, newOrganisation } from '../../helpers/factories';
import { withAppDatabase } from './faults-helpers';
import type { DB } from '../../../src/lib/server/db';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { ROUTES } from './route-matrix';
import { invitationPlaceholders } from './invitations-matrix';
import { submissionPlaceholders } from './submissions-matrix';
import { awardsPlaceholders } from '../../unit/awards/world';
import { delegatePlaceholders } from './delegates-matrix';
import { freshPlaceholders } from './fresh-matrix';

type StartedApp = App & { dataDir: string | null; dbUrl: string | null };
type Who = 'viewer' | 'outsider';
const WHO: Who[] = ['outsider', 'viewer'];

// ------------------------------------------------------------------------------------------- the actions

/** The names of the form actions a +page.server.ts exports: the keys of its `export const actions` object. */
export function actionNames(source: string): string[] {
	const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
	const start = code.search(/\bexport\s+(?:const|let)\s+actions\b[^=]*=\s*\{/);
	if (start < 0) return [];
	let i = code.indexOf('{', code.indexOf('=', start));
	let depth = 0;
	let line = '';
	const names: string[] = [];
	const key = () => {
		const m = line.match(/^\s*(?:async\s+)?(['"]?)([A-Za-z_$][\w$]*)\1\s*(?::|\(|,|$)/);
		if (m && line.trim()) names.push(m[2]);
	};
	for (; i < code.length; i++) {
		const ch = code[i];
		if (ch === '{' || ch === '(' || ch === '[') {
			if (depth === 1) key();
			depth++;
			if (depth === 1) line = '';
		} else if (ch === '}' || ch === ')' || ch === ']') {
			depth--;
			if (depth === 0) {
				key();
				break;
			}
			if (depth === 1) line = '\u0000';
		} else if (depth === 1) {
			if (ch === ',' || ch === '\n') {
				if (ch === ',') line += ',';
				if (line !== '\u0000' && line !== '\u0000,') key();
				line = '';
			} else line += ch;
		}
	}
	return [...new Set(names)];
}

interface ActionCase {
	/** src/routes-relative folder, as route-matrix.ts writes `route`. */
	route: string;
	file: string;
	action: string;
	/** The page's GET path of route-matrix.ts (with placeholders), if there is one. */
	path: string | null;
}

function findActionCases(): ActionCase[] {
	const out: ActionCase[] = [];
	const walk = (dir: string) => {
		for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const p = path.join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else if (/^\+page\.server\.(ts|js)$/.test(e.name)) {
				const source = fs.readFileSync(p, 'utf8');
				if (!/\bexport\s+(?:const|let)\s+actions\b/.test(source)) continue;
				const route = path.relative('src/routes', dir).split(path.sep).join('/');
				const row = ROUTES.find((r) => r.method === 'GET' && r.kind === 'page' && r.route === route);
				const names = actionNames(source);
				if (!names.length) out.push({ route, file: p, action: '(none read)', path: row?.path ?? null });
				for (const action of names) out.push({ route, file: p, action, path: row ? row.path.replace(/\?.*$/, '') : null });
			}
		}
	};
	walk('src/routes');
	return out;
}

const CASES = findActionCases();
const key = (c: { route: string; action: string }) => `${c.route} ?/${c.action}`;

// ------------------------------------------------------------------------------------- what is allowed

/**
 * Actions that are not the event's organisation's to refuse: public pages (the token in the path is the key,
 * whoever is signed in) and the caller's own account. Neither the viewer nor the outsider is refused them;
 * they run after the walk of refusals (they may write: a reply through a valid link, the caller's sessions).
 * Every other action must refuse both. No event-level action is read-only for the viewer: the reminders'
 * preview needs invitation.send, the award lists' preview stores the uploaded list (award.edit), and the
 * booklet's generate writes the booklet (submission.manage).
 */
const ALLOWED: Record<string, string> = {
	'(staff)/account ?/password': "the caller's own password (checked against the current one)",
	'(staff)/account ?/signOutOthers': "ends the caller's own other sessions, nobody else's",
	'login ?/default': 'public: signing in',
	'logout ?/default': "public: ends the caller's own session (posted last)",
	'setup ?/default': 'public: first-run setup, which refuses by its own rule once an account exists',
	'r/[token=token] ?/attend': "public: a delegate's reply link, the token is the key",
	'r/[token=token] ?/decline': "public: a delegate's reply link, the token is the key",
	'r/[token=token] ?/substitute': "public: a delegate's reply link, the token is the key",
	'r/[token=token] ?/add': "public: a unit's reply link, the token is the key",
	'r/[token=token] ?/remove': "public: a unit's reply link, the token is the key",
	'u/[token=token] ?/upload': "public: a unit's upload link for its tham luận, the token is the key"
};

/**
 * Actions that act on rules shared by every organisation (the base salary, decrees and coefficients of the
 * prize calculation): only a system administrator may change them, so the outsider meets 403 as the viewer
 * does, not the 404 of another organisation's event.
 */
const SYSTEM_WIDE = new Set(['(staff)/events/[eventId=id]/awards/rules ?/baseSalary', '(staff)/events/[eventId=id]/awards/rules ?/decree', '(staff)/events/[eventId=id]/awards/rules ?/coefficients']);

/** Form fields (urlencoded), or fields with a file (multipart); placeholders are filled for each caller. */
type Body = Record<string, string> | { fields: Record<string, string>; file: { name: string; type: string; text: string } };

const CSV = { name: 'danh-sach.csv', type: 'text/csv', text: 'Họ và tên,Chức vụ,Đơn vị,Cấp\nNguyễn Văn Thử,Chuyên viên,Sở Nội vụ,Cấp tỉnh\n' };
const PDF = { name: 'tham-luan.pdf', type: 'application/pdf', text: '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n' };
const q = (o: Record<string, string>) => o;

/**
 * A valid body for the actions that read (and validate) their input: the permission check, not the validation,
 * is what answers it, so a caller who could change something would be seen. README ("Access is checked before
 * input … never the validation's 400") promises the same refusal with an empty body: checked below for each.
 */
const MINIMAL: Record<string, Body> = {
	'(staff)/admin/mail/[orgId=id] ?/save': q({ host: 'smtp.thu.vn', port: '587', security: 'starttls', from: 'vanphong@thu.vn' }),
	'(staff)/events/[eventId=id]/awards/[decisionId=id] ?/addAward': q({ kind: 'individual', name: 'Nguyễn Văn Thử Quyền' }),
	'(staff)/events/[eventId=id]/awards/[decisionId=id] ?/updateAward': q({ id: ':awardId', notes: 'Ghi chú thử quyền' }),
	'(staff)/events/[eventId=id]/awards/[decisionId=id] ?/deleteAward': q({ id: ':delAwardId' }),
	'(staff)/events/[eventId=id]/awards/[decisionId=id] ?/preview': { fields: {}, file: CSV },
	'(staff)/events/[eventId=id]/awards ?/preview': { fields: {}, file: CSV },
	'(staff)/events/[eventId=id]/awards ?/commit': q({ importId: '1', target: ':decisionId' }),
	'(staff)/events/[eventId=id]/awards ?/create': q({ number: '1/QĐ-THU', decisionDate: '19/08/2025', formId: ':formId' }),
	'(staff)/events/[eventId=id]/awards/batches ?/arrange': q({ arrangement: '{"batches":[]}' }),
	'(staff)/events/[eventId=id]/awards/batches ?/presenter': q({ batchId: ':batchId', presenterName: 'Người trao thử' }),
	'(staff)/events/[eventId=id]/awards/rules ?/decree': q({ id: '1' }),
	'(staff)/events/[eventId=id]/awards/rules ?/addForm': q({ name: 'Giấy khen thử quyền' }),
	'(staff)/events/[eventId=id]/checkin/attendance ?/checkin': q({ delegateId: ':dlgId', nonce: 'form-actions-01', deviceId: 'form-actions-device' }),
	'(staff)/events/[eventId=id]/checkin/attendance ?/undo': q({ delegateId: ':dlgId' }),
	'(staff)/events/[eventId=id]/delegates/[delegateId=id] ?/save': q({ tierId: ':dlgTier', fullName: 'Trần Văn Ma Trận', position: 'Phó Giám đốc', unit: 'Sở Xây dựng' }),
	'(staff)/events/[eventId=id]/delegates ?/reply': q({ id: ':dlgId', status: 'attending' }),
	'(staff)/events/[eventId=id]/delegates/import ?/upload': { fields: {}, file: CSV },
	'(staff)/events/[eventId=id]/delegates/new ?/default': q({ tierId: ':dlgTier', fullName: 'Phạm Văn Thử Quyền', position: 'Chuyên viên', unit: 'Sở Nội vụ' }),
	'(staff)/events/[eventId=id]/delegates/order ?/move': q({ id: ':dlgId', dir: 'up' }),
	'(staff)/events/[eventId=id]/invitations/[delegateId=id] ?/reply': q({ status: 'attending', via: 'phone' }),
	'(staff)/events/[eventId=id]/programme ?/update': q({ id: ':itemId', title: 'Mục thử quyền', durationMinutes: '5' }),
	'(staff)/events/[eventId=id]/programme ?/delete': q({ id: ':delItemId' }),
	'(staff)/events/[eventId=id]/programme ?/move': q({ id: ':itemId', delta: '1' }),
	'(staff)/events/[eventId=id]/programme ?/mark': q({ id: ':itemId', mark: 'start' }),
	'(staff)/events/[eventId=id]/settings ?/save': q({ kind: 'so_ket', title: 'Hội nghị thử quyền', startsAt: '2026-05-05T07:30' }),
	'(staff)/events/[eventId=id]/settings ?/tiers': q({ tiers: '[{"name":"Cấp thử quyền"}]' }),
	'(staff)/events/[eventId=id]/stage ?/mark': q({ id: ':itemId', mark: 'start' }),
	'(staff)/events/[eventId=id]/stage ?/stage': q({ move: 'reset' }),
	'(staff)/events/[eventId=id]/submissions/[submissionId=id] ?/review': q({ body: 'Ý kiến thử quyền' }),
	'(staff)/events/[eventId=id]/submissions/[submissionId=id] ?/upload': { fields: {}, file: PDF },
	'(staff)/events/[eventId=id]/submissions/[submissionId=id] ?/details': q({ title: 'Tham luận thử quyền', presenterName: 'Người trình bày thử' }),
	'(staff)/events/[eventId=id]/submissions/call ?/save': q({ deadline: '2026-05-01T17:00', acceptPdf: 'on' }),
	'(staff)/events/[eventId=id]/submissions/call ?/link': q({ unitId: ':unitId' }),
	'(staff)/events/[eventId=id]/submissions/call ?/reopen': q({ unitId: ':unitId', close: '1' }),
	'(staff)/events/[eventId=id]/submissions/call ?/edit': q({ unitId: ':unitId', name: 'Đơn vị thử quyền' }),
	'(staff)/events/[eventId=id]/submissions/call ?/onBehalf': { fields: { unitId: ':unitId', title: 'Tham luận thử quyền', presenterName: 'Người trình bày thử' }, file: PDF },
	'(staff)/events/[eventId=id]/submissions/call ?/remove': q({ unitId: ':delUnitId' }),
	'(staff)/events/[eventId=id]/submissions/documents ?/create': q({ kind: 'main_report', title: 'Báo cáo thử quyền' }),
	'(staff)/events/new ?/default': q({ organisationId: ':orgId', kind: 'so_ket', title: 'Hội nghị thử quyền', startsAt: '2026-05-05T07:30' })
};

// ------------------------------------------------------------------------------------------------ world

let app: StartedApp;
const cookies: Partial<Record<Who, string>> = {};
let eventId = 0;
let orgId = 0;
let placeholders: Record<string, string> = {};
let perCaller: Record<string, Record<string, string>> = {};

beforeAll(async () => {
	app = await startApp({
		prepare: async (d) => {
			const w = await newEventWorld(d.db);
			eventId = w.eventId;
			orgId = w.org.id;
			placeholders = { ...placeholders, ...(await invitationPlaceholders(d, w)) };
			placeholders = { ...placeholders, ...(await submissionPlaceholders(d, w)) };
			placeholders = { ...placeholders, ...(await awardsPlaceholders(d, w)) };
			placeholders = { ...placeholders, ...(await delegatePlaceholders(d, w)) };
			const fresh = await freshPlaceholders(d, w, WHO);
			placeholders = { ...placeholders, ...fresh.shared };
			perCaller = fresh.perCaller;
			const other = await newOrganisation(d.db);
			const people: Record<Who, number> = {
				viewer: (await newMember(d.db, w.org.id, 'viewer')).user.id,
				outsider: (await newMember(d.db, other.id, 'admin')).user.id
			};
			for (const who of WHO) {
				const token = generateSessionToken();
				await createSession(d.db, token, people[who]);
				cookies[who] = `${SESSION_COOKIE}=${token}`;
			}
		}
	});
}, 120_000);
afterAll(async () => app?.stop());

function fill(s: string, who: Who): string {
	let out = s;
	for (const [k, v] of Object.entries(perCaller[who] ?? {})) out = out.split(k).join(v);
	out = out.replace(':eventId', String(eventId)).replace(':orgId', String(orgId));
	for (const [k, v] of Object.entries(placeholders)) out = out.split(k).join(v);
	return out;
}

interface Outcome {
	http: number;
	type: string;
	status: number;
	code: string | null;
	location: string | null;
	message: string | null;
}

/** Posts an action as an enhanced form does (use:enhance): JSON answer, x-sveltekit-action. */
async function post(p: string, action: string, who: Who, body: Body = {}): Promise<Outcome> {
	const url = `${app.url}${p}${action === 'default' ? '' : `?/${action}`}`;
	const headers: Record<string, string> = { origin: app.url, accept: 'application/json', 'x-sveltekit-action': 'true', cookie: cookies[who]! };
	let payload: BodyInit;
	if (!('file' in body) || typeof body.file === 'string') {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		payload = new URLSearchParams(Object.entries(body as Record<string, string>).map(([k, v]) => [k, fill(v, who)])).toString();
	} else {
		// A form with a file input (enctype multipart/form-data): fetch writes the boundary.
		const form = new FormData();
		for (const [k, v] of Object.entries(body.fields)) form.append(k, fill(v, who));
		form.append('file', new File([body.file.text], body.file.name, { type: body.file.type }));
		payload = form;
	}
	const res = await fetch(url, { method: 'POST', redirect: 'manual', headers, body: payload });
	const text = await res.text();
	let json: Record<string, unknown> = {};
	try {
		json = JSON.parse(text);
	} catch {
		return { http: res.status, type: 'not-json', status: res.status, code: null, location: res.headers.get('location'), message: text.slice(0, 200) };
	}
	let data: Record<string, unknown> | null = null;
	if (typeof json.data === 'string') {
		try {
			data = devalue.parse(json.data);
		} catch {
			data = null;
		}
	}
	const error = json.error as { message?: string; code?: string } | undefined;
	return {
		http: res.status,
		type: String(json.type),
		status: typeof json.status === 'number' ? json.status : res.status,
		code: (data?.code as string | undefined) ?? error?.code ?? null,
		location: (json.location as string | undefined) ?? null,
		message: (data?.message as string | undefined) ?? error?.message ?? null
	};
}

// ------------------------------------------------------------------------------------ nothing written

/**
 * Tables the server changes by itself while the walk runs, compared by row count only (an action that adds a
 * row is still seen, and every change an action makes writes its audit row): why each.
 */
const COUNT_ONLY: Record<string, string> = {
	mail_message: "the mail worker updates the world's queued message (attempts, status) in the background"
};

const withDb = <T>(fn: (db: DB) => Promise<T>): Promise<T> => withAppDatabase(app, (d) => fn(d.db));

/** Every table's row count and a digest of its rows (the count alone for COUNT_ONLY). */
async function snapshot(): Promise<Record<string, string>> {
	return withDb(async (db) => {
		const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
		const out: Record<string, string> = {};
		for (const { name } of tables.rows) {
			const r = await sql<{ n: number; digest: string }>`select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.table(name)} t`.execute(db);
			out[name] = name in COUNT_ONLY ? `${r.rows[0].n} rows` : `${r.rows[0].n} rows, ${r.rows[0].digest}`;
		}
		return out;
	});
}

// ---------------------------------------------------------------------------------------------- tests

/** What a refused caller must get: its role's refusal, in whichever shape the action answers (fail or error). */
function expectRefused(o: Outcome, c: ActionCase, who: Who) {
	const k = key(c);
	// The event, or the organisation (in the path, or the body of /events/new), is another organisation's.
	const hidden = who === 'outsider' && !SYSTEM_WIDE.has(k) && /:eventId|:orgId/.test(c.path! + JSON.stringify(MINIMAL[k] ?? {}));
	const want = hidden ? 404 : 403;
	const seen = `${who} → ${o.http} ${o.type} ${o.status} ${o.code ?? ''} ${o.location ?? ''} ${o.message ?? ''}`;
	expect(['failure', 'error'], seen).toContain(o.type);
	expect(o.status, seen).toBe(want);
	// A fail() from runAction carries the domain code; an error() page has none or the same.
	if (o.type === 'failure' || o.code) expect(o.code, seen).toBe(hidden ? 'not_found' : 'forbidden');
}

const walked = new Set<string>();
let before: Record<string, string> = {};

describe('form actions of every page', () => {
	it('reads the actions of every page and maps every page with actions to a path', () => {
		expect(CASES.length, 'no form action found under src/routes').toBeGreaterThan(50);
		const unread = CASES.filter((c) => c.action === '(none read)').map((c) => c.file);
		expect(unread, `+page.server.ts files whose actions could not be read:\n${unread.join('\n')}\n`).toEqual([]);
		const unmapped = CASES.filter((c) => !c.path).map(key);
		expect(unmapped, `(route, action) pairs with no GET page row in route-matrix.ts to post them to:\n${unmapped.join('\n')}\n`).toEqual([]);
		const listed = [...Object.keys(ALLOWED), ...SYSTEM_WIDE, ...Object.keys(MINIMAL)];
		const stale = listed.filter((k) => !CASES.some((c) => key(c) === k));
		expect(stale, `entries of form-actions.test.ts naming no action of src/routes:\n${stale.join('\n')}\n`).toEqual([]);
	});

	it('reads the action names in every form an actions object is written', () => {
		const src = [
			"import type { Actions } from './$types';",
			'export const actions: Actions = {',
			'\t/** The whole new order: { a: 1 } */',
			'\tsave: async (event) => {',
			"\t\tconst x = { nested: 1, other: [1, 2] };",
			'\t\treturn fail(400, { message: `a ${x.nested}` });',
			'\t},',
			"\t'quoted': (event) => act(event, (v) => ({ action: 'attend' }), 'Cảm ơn!'),",
			'\tasync method(event) { return { ok: true }; },',
			'\t// commented: async () => {},',
			'\tdefault: async ({ locals, cookies }) => {',
			'\t\tredirect(303, "/login");',
			'\t},',
			'\tshorthand',
			'};'
		].join('\n');
		expect(actionNames(src)).toEqual(['save', 'quoted', 'method', 'default', 'shorthand']);
	});

	it('snapshots the database before the walk', async () => {
		before = await snapshot();
		expect(Object.keys(before)).toContain('audit_log');
		for (const t of Object.keys(COUNT_ONLY)) expect(Object.keys(before), `COUNT_ONLY names no table ${t}`).toContain(t);
	});

	for (const who of WHO)
		describe(`as ${who === 'viewer' ? 'the viewer of the event\'s organisation' : 'an administrator of another organisation'}`, () => {
			for (const c of CASES) {
				if (!c.path || key(c) in ALLOWED) continue;
				it(`POST ${c.path}?/${c.action} is refused`, async () => {
					walked.add(`${who} ${key(c)}`);
					expectRefused(await post(fill(c.path!, who), c.action, who, MINIMAL[key(c)] ?? {}), c, who);
				});
			}
		});

	/**
	 * Access before input, as README promises it for every page and endpoint: with an EMPTY body the viewer gets
	 * 403 and the outsider 404 (403 for the system-wide rules) from the actions that would otherwise validate
	 * their input first (the walk above posts them a valid body). Nothing is written either way.
	 *
	 * One exception, by design: /events/new with no organisationId names no organisation to check, and the
	 * outsider may create events in its own organisation, so it meets the form's own errors (400), as an
	 * organiser would; the viewer, who may create events nowhere, is refused as the page refuses it (403).
	 */
	describe('access before input: an empty body is refused, not validated', () => {
		for (const who of WHO)
			for (const c of CASES.filter((c) => key(c) in MINIMAL))
				it(`POST ${c.path}?/${c.action} as ${who} with an empty body is refused, not validated`, async () => {
					const o = await post(fill(c.path!, who), c.action, who, {});
					if (who === 'outsider' && key(c) === '(staff)/events/new ?/default') {
						const seen = `${o.http} ${o.type} ${o.status} ${o.code ?? ''} ${o.message ?? ''}`;
						expect(o.type, seen).toBe('failure');
						expect(o.status, seen).toBe(400);
						expect(o.code, seen).toBe('invalid_input');
						return;
					}
					expectRefused(o, c, who);
				});
	});

	it('wrote nothing across the whole walk of refusals (audit log, every table)', async () => {
		expect(walked.size, 'the walk ran').toBe(WHO.length * CASES.filter((c) => !(key(c) in ALLOWED)).length);
		const after = await snapshot();
		const changed = Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
		expect(changed.map((t) => `${t}: ${before[t]} → ${after[t]}`), 'tables changed by refused actions').toEqual([]);
	});

	// The allowed ones, last (logout at the very end: it ends the caller's session).
	const allowed = CASES.filter((c) => key(c) in ALLOWED).sort((a, b) => Number(a.route === 'logout') - Number(b.route === 'logout'));
	for (const who of WHO)
		for (const c of allowed)
			it(`POST ${c.path}?/${c.action} as ${who} is not refused on its role (${ALLOWED[key(c)]})`, async () => {
				const o = await post(fill(c.path!, who), c.action, who, MINIMAL[key(c)] ?? {});
				const seen = `${o.http} ${o.type} ${o.status} ${o.code ?? ''} ${o.location ?? ''} ${o.message ?? ''}`;
				expect(['success', 'failure', 'redirect'], seen).toContain(o.type);
				expect([401, 403, 404], seen).not.toContain(o.status);
				if (c.route !== 'logout') expect(o.location ?? '', seen).not.toMatch(/^\/login/);
			});
});
