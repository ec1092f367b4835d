/**
 * Programme, awards and certificates over real HTTP against the built server: the two-step import by
 * multipart upload, prizes, PDFs with their headers, the stage stream, and the public verification page.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../helpers/server';
import { newEventWorld, newMember } from '../../helpers/factories';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { createProgrammeTemplate } from '../../../src/lib/server/programme/service';
import { AWARDS_FIXTURE } from '../../unit/awards/world';

let app: App;
let eventId = 0;
let organiser = '';
let viewer = '';
let cookie = '';

beforeAll(async () => {
	app = await startApp({
		prepare: async (d) => {
			const w = await newEventWorld(d.db);
			eventId = w.eventId;
			await createProgrammeTemplate(d.db, w.admin, eventId);
			const o = await newMember(d.db, w.org.id, 'organiser');
			const v = await newMember(d.db, w.org.id, 'viewer');
			organiser = (await issueApiToken(d.db, { userId: o.user.id, name: 'btc', createdBy: null })).token;
			viewer = (await issueApiToken(d.db, { userId: v.user.id, name: 'xem', createdBy: null })).token;
			const t = generateSessionToken();
			await createSession(d.db, t, o.user.id);
			cookie = `${SESSION_COOKIE}=${t}`;
		}
	});
});
afterAll(async () => app?.stop());

const api = (token: string, method: string, path: string, body?: unknown) =>
	fetch(`${app.url}/api/v1/events/${eventId}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});

describe('awards API', () => {
	it('imports a list in two steps, all or nothing, and records the prizes', async () => {
		const form = new FormData();
		form.set('file', new Blob([fs.readFileSync(AWARDS_FIXTURE)]), 'awards.xlsx');
		// A multipart body is a form to SvelteKit's CSRF check: the client names the server as its origin.
		const origin = { origin: app.url };
		const refused = await fetch(`${app.url}/api/v1/events/${eventId}/decisions/import`, { method: 'POST', headers: { authorization: `Bearer ${viewer}`, ...origin }, body: form });
		expect(refused.status).toBe(403);
		// The raw file as the body works without an origin.
		const raw = await fetch(`${app.url}/api/v1/events/${eventId}/decisions/import?filename=awards.xlsx`, {
			method: 'POST',
			headers: { authorization: `Bearer ${organiser}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
			body: fs.readFileSync(AWARDS_FIXTURE)
		});
		expect(raw.status).toBe(201);
		expect((await raw.json()).stats.total).toBe(30);
		const res = await fetch(`${app.url}/api/v1/events/${eventId}/decisions/import`, { method: 'POST', headers: { authorization: `Bearer ${organiser}`, ...origin }, body: form });
		expect(res.status).toBe(201);
		const preview = await res.json();
		expect(preview).toMatchObject({ errorCount: 0, total: 118_800_000, hints: { number: '512/QĐ-UBND', date: '2024-04-10' } });
		expect(preview.rows).toHaveLength(30);
		expect((await api(organiser, 'GET', '/decisions').then((r) => r.json())).decisions).toEqual([]);

		const commit = await api(organiser, 'POST', '/decisions/import', {
			importId: preview.importId,
			decision: { number: '512/QĐ-UBND', decisionDate: '2024-04-10', formId: preview.suggestedFormId, signerName: 'Trịnh Minh Hoàng' }
		});
		expect(commit.status).toBe(200);
		const { decisionId, imported } = await commit.json();
		expect(imported).toBe(30);
		const again = await api(organiser, 'POST', '/decisions/import', { importId: preview.importId, decisionId });
		expect((await again.json()).error.code).toBe('import_already_committed');

		const detail = await api(viewer, 'GET', `/decisions/${decisionId}`).then((r) => r.json());
		expect(detail.decision).toMatchObject({ count: 30, amount: 118_800_000, fund: 'province_fund' });
		expect(detail.awards[0].prizeRule).toMatchObject({ decree: 'nd98_2023', coefficient: '3', baseSalary: 1_800_000, coefficientVerified: false });

		const quote = await api(viewer, 'POST', '/awards/prize', { decisionDate: '01/07/2026', formId: preview.suggestedFormId, kind: 'household' }).then((r) => r.json());
		expect(quote).toMatchObject({ amount: 5_700_000, raw: 5_692_500, decree: 'nd152_2025', baseSalary: 2_530_000 });
		const bad = await api(viewer, 'POST', '/awards/prize', { decisionDate: 'hôm qua', formId: 0, kind: 'x' });
		expect(bad.status).toBe(400);
		expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(['decisionDate', 'formId', 'kind']);

		const totals = await api(viewer, 'GET', '/awards/totals').then((r) => r.json());
		expect(totals).toMatchObject({ total: 118_800_000, certificates: 30 });
	});

	it('serves the PDFs as attachments and follows the stage live', async () => {
		await api(organiser, 'POST', '/batches', { capacity: 10 });
		for (const [path, token] of [
			['/certificates/pdf', organiser],
			['/certificates/pdf?kind=calibration', organiser],
			['/programme/pdf', viewer],
			['/script/pdf', viewer]
		] as const) {
			const r = await api(token, 'GET', path);
			expect(r.status, path).toBe(200);
			expect(r.headers.get('content-type')).toBe('application/pdf');
			expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.pdf"/);
			expect(Buffer.from(await r.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
		}
		expect((await api(viewer, 'GET', '/certificates/pdf')).status).toBe(403);
		expect((await api(organiser, 'GET', '/certificates/pdf?kind=nope')).status).toBe(404);

		// The stage stream (a page endpoint: session cookie) hears a stage move made through the API.
		const ctrl = new AbortController();
		const stream = await fetch(`${app.url}/events/${eventId}/stage/stream`, { headers: { cookie }, signal: ctrl.signal });
		expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const reader = stream.body!.getReader();
		let text = '';
		const until = async (re: RegExp) => {
			const deadline = Date.now() + 15_000;
			while (!re.test(text) && Date.now() < deadline) {
				const { value, done } = await reader.read();
				if (done) break;
				text += new TextDecoder().decode(value);
			}
			return re.test(text);
		};
		expect(await until(/event: hello/)).toBe(true);
		expect((await api(organiser, 'POST', '/batches/stage', { move: 'next' })).status).toBe(200);
		expect(await until(/event: change\ndata: \{"what":"stage.moved"\}/)).toBe(true);
		ctrl.abort();
		const spec = await fetch(`${app.url}/api/v1/openapi.json`).then((r) => r.json());
		for (const p of ['/events/{eventId}/decisions/import', '/events/{eventId}/batches', '/events/{eventId}/programme/{itemId}/mark', '/events/{eventId}/certificates/pdf'])
			expect(Object.keys(spec.paths)).toContain(p);
	});

	it('confirms a certificate on the public page by its code, and only then', async () => {
		const { awards } = await api(viewer, 'GET', '/awards').then((r) => r.json());
		const a = awards.find((x: { name: string }) => x.name === 'Võ Ngọc Yến');
		const page = await fetch(`${app.url}/v/${a.verificationCode}`);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Võ Ngọc Yến');
		expect(html).toContain('512/QĐ-UBND');
		expect(html).not.toContain('2.700.000');
		expect((await fetch(`${app.url}/v/${a.verificationCode.toLowerCase()}`)).status).toBe(200);
		expect((await fetch(`${app.url}/v/AAAA-AAAA-AA`)).status).toBe(404);
		expect((await fetch(`${app.url}/v/abc`)).status).toBe(404);
	});
});

describe('programme API', () => {
	it('re-times the day and reports the live state after the marks', async () => {
		const p = await api(viewer, 'GET', '/programme').then((r) => r.json());
		expect(p.items).toHaveLength(11);
		const report = p.items.find((i: { kind: string }) => i.kind === 'report');
		const r = await api(organiser, 'PATCH', `/programme/${report.id}`, { durationMinutes: 40 });
		expect(r.status).toBe(200);
		const after = await api(viewer, 'GET', '/programme').then((x) => x.json());
		const i = after.items.findIndex((x: { id: number }) => x.id === report.id);
		expect(new Date(after.items[i + 1].plannedStart).getTime() - new Date(p.items[i + 1].plannedStart).getTime()).toBe(15 * 60_000);
		expect((await api(viewer, 'PATCH', `/programme/${report.id}`, { durationMinutes: 5 })).status).toBe(403);
		const live = await api(organiser, 'POST', `/programme/${p.items[0].id}/mark`, { mark: 'start' }).then((x) => x.json());
		expect(live).toMatchObject({ currentId: p.items[0].id, nextId: p.items[1].id, started: true });
		const order = after.items.map((x: { id: number }) => x.id).reverse();
		const re = await api(organiser, 'PUT', '/programme', { ids: order });
		expect((await re.json()).items[0].id).toBe(order[0]);
	});
});
