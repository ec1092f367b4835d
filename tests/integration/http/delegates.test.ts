/**
 * Delegates over HTTP on the built server: the import API (multipart and raw body, preview, commit,
 * refusals), the list API with filters, the OpenAPI section, the page flow of the import, downloads.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, client, type App } from '../../helpers/server';
import { newEventWorld, newMember } from '../../helpers/factories';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';

const FIXTURE = 'tests/fixtures/so-ket-2024-ninh-thuan/';

let app: App;
let eventId = 0;
let tiers: { id: number; name: string }[] = [];
let adminToken = '';
let viewerToken = '';
let adminCookie = '';

beforeAll(async () => {
	app = await startApp({
		prepare: async (d) => {
			const w = await newEventWorld(d.db);
			eventId = w.eventId;
			tiers = w.tiers;
			adminToken = (await issueApiToken(d.db, { userId: w.admin.user.id, name: 'khóa nhập', createdBy: null })).token;
			const viewer = await newMember(d.db, w.org.id, 'viewer');
			viewerToken = (await issueApiToken(d.db, { userId: viewer.user.id, name: 'khóa xem', createdBy: null })).token;
			const s = generateSessionToken();
			await createSession(d.db, s, w.admin.user.id);
			adminCookie = `${SESSION_COOKIE}=${s}`;
		}
	});
});
afterAll(async () => app?.stop());

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const base = () => `${app.url}/api/v1/events/${eventId}/delegates`;

describe('delegate import API', () => {
	it('an upload refused before its body is read still lets the client finish sending it and reuse the connection', async () => {
		// Refused before its body was read, an upload's bytes stayed in the connection: reused for the next request
		// (keep-alive), it answered nothing and the client met a reset (ECONNRESET); closed at once, the client's
		// upload broke mid-write (EPIPE). The server reads and drops the rest of the body before answering.
		const form = new FormData();
		form.set('file', new Blob([fs.readFileSync(FIXTURE + 'delegates.xlsx')]), 'delegates.xlsx');
		for (let i = 0; i < 10; i++) {
			const denied = await fetch(`${base()}/imports`, { method: 'POST', headers: { ...auth(viewerToken), origin: app.url }, body: form });
			expect(denied.status).toBe(403);
			await denied.arrayBuffer();
			const next = await fetch(base(), { headers: auth(adminToken) });
			expect(next.status).toBe(200);
			await next.arrayBuffer();
		}
	});

	it('uploads the fixture as multipart, previews, refuses a viewer, commits once', async () => {
		const form = new FormData();
		form.set('file', new Blob([fs.readFileSync(FIXTURE + 'delegates.xlsx')]), 'delegates.xlsx');
		// A multipart body is a "form" to SvelteKit's CSRF check: the client names the server as its origin.
		const origin = { origin: app.url };
		const denied = await fetch(`${base()}/imports`, { method: 'POST', headers: { ...auth(viewerToken), ...origin }, body: form });
		expect(denied.status).toBe(403);
		expect((await denied.json()).error.code).toBe('forbidden');
		const res = await fetch(`${base()}/imports?rows=problems`, { method: 'POST', headers: { ...auth(adminToken), ...origin }, body: form });
		expect(res.status).toBe(201);
		const p = await res.json();
		expect(p.counts).toMatchObject({ create: 144, errorRows: 0 });
		expect(p.importId).toMatch(/^[a-z2-7]{32}$/);
		expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(p.rowsOmitted).toBeGreaterThan(100);
		// Nothing written yet.
		const before = await (await fetch(base(), { headers: auth(adminToken) })).json();
		expect(before.delegates).toHaveLength(0);
		const wrong = await fetch(`${base()}/imports/${p.importId}/commit`, { method: 'POST', headers: { ...auth(adminToken), 'content-type': 'application/json' }, body: JSON.stringify({ sha256: 'f'.repeat(64) }) });
		expect(wrong.status).toBe(409);
		expect((await wrong.json()).error.code).toBe('import_file_changed');
		const ok = await fetch(`${base()}/imports/${p.importId}/commit`, { method: 'POST', headers: { ...auth(adminToken), 'content-type': 'application/json' }, body: JSON.stringify({ sha256: p.sha256, planDigest: p.planDigest }) });
		expect(ok.status).toBe(200);
		expect(await ok.json()).toMatchObject({ created: 144, updated: 0 });
		const again = await fetch(`${base()}/imports/${p.importId}/commit`, { method: 'POST', headers: auth(adminToken) });
		expect(again.status).toBe(409);
		expect((await again.json()).error.code).toBe('import_already_committed');
		const list = await (await fetch(`${base()}?tier=${tiers[0].id}`, { headers: auth(adminToken) })).json();
		expect(list.delegates).toHaveLength(33);
		expect(list.summary.total).toBe(144);
		expect(list.delegates[0]).toMatchObject({ fullName: 'Ngô Ngọc Nhung', protocolRank: 100, tierName: 'Cấp tỉnh' });
		expect(list.delegates[0].searchKey).toBeUndefined();
		const q = await (await fetch(`${base()}?q=${encodeURIComponent('ngo ngoc nhung')}`, { headers: auth(adminToken) })).json();
		expect(q.delegates.map((x: { fullName: string }) => x.fullName)).toEqual(['Ngô Ngọc Nhung']);
	});

	it('takes a raw CSV body, maps a tier through PATCH, reports errors and blocks the commit unless told', async () => {
		const csv = '\ufeffHọ và tên;Chức vụ;Đơn vị;Điện thoại;Cấp\nÔng Võ Văn Mới;Giám đốc;Sở Du lịch;0912.000.001;Cấp tỉnh\nĐào Thị Xa;Phó Chủ tịch;UBND xã Xa;0912 000 002;Khách mời\n;;;;\nKhông Tên Đơn Vị;;;;Khách quốc tế\n';
		const res = await fetch(`${base()}/imports?filename=${encodeURIComponent('khách mời.csv')}`, { method: 'POST', headers: { ...auth(adminToken), 'content-type': 'text/csv' }, body: csv });
		expect(res.status).toBe(201);
		let p = await res.json();
		expect(p.filename).toBe('khách mời.csv');
		expect(p.unmatchedTiers.map((u: { text: string }) => u.text)).toEqual(['Khách mời', 'Khách quốc tế']);
		expect(p.counts.errorRows).toBe(2);
		const refused = await fetch(`${base()}/imports/${p.importId}/commit`, { method: 'POST', headers: auth(adminToken) });
		expect(refused.status).toBe(400);
		expect((await refused.json()).error.code).toBe('import_has_errors');
		const patched = await fetch(`${base()}/imports/${p.importId}`, {
			method: 'PATCH',
			headers: { ...auth(adminToken), 'content-type': 'application/json' },
			body: JSON.stringify({ options: { tierAliases: { 'Khách mời': tiers[2].name } } })
		});
		p = await patched.json();
		expect(p.counts).toMatchObject({ create: 2, errorRows: 1 });
		const ok = await fetch(`${base()}/imports/${p.importId}/commit`, { method: 'POST', headers: { ...auth(adminToken), 'content-type': 'application/json' }, body: JSON.stringify({ planDigest: p.planDigest, skipErrorRows: true }) });
		expect(await ok.json()).toMatchObject({ created: 2, skippedErrorRows: 1 });
	});

	it('refuses what is not a spreadsheet and an oversized body', async () => {
		const res = await fetch(`${base()}/imports?filename=a.xlsx`, { method: 'POST', headers: { ...auth(adminToken), 'content-type': 'application/octet-stream' }, body: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]) });
		expect(res.status).toBe(400);
		expect((await res.json()).error.code).toBe('unsupported_format');
		const big = await fetch(`${base()}/imports`, { method: 'POST', headers: { ...auth(adminToken), 'content-type': 'text/csv' }, body: 'a'.repeat(11 * 1024 * 1024) });
		expect(big.status).toBe(413);
	});
});

describe('delegate API', () => {
	it('creates, patches, records a reply, places and cancels; the OpenAPI document lists the paths', async () => {
		const created = await fetch(base(), {
			method: 'POST',
			headers: { ...auth(adminToken), 'content-type': 'application/json' },
			body: JSON.stringify({ tierId: tiers[0].id, fullName: 'Bà Hà Thị API', position: 'Phó Giám đốc', unit: 'Sở Tư pháp', phone: '+84 905 000 111' })
		});
		expect(created.status).toBe(201);
		const d = await created.json();
		expect(d).toMatchObject({ fullName: 'Hà Thị API', salutation: 'Bà', phone: '0905000111', protocolRank: 660, source: 'api' });
		const bad = await fetch(base(), { method: 'POST', headers: { ...auth(adminToken), 'content-type': 'application/json' }, body: JSON.stringify({ tierId: tiers[0].id, fullName: '', email: 'x' }) });
		expect(bad.status).toBe(400);
		expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(['email', 'fullName']);
		const patched = await fetch(`${base()}/${d.id}`, { method: 'PATCH', headers: { ...auth(adminToken), 'content-type': 'application/json' }, body: JSON.stringify({ replyStatus: 'attending', notes: 'Đến muộn 15 phút' }) });
		expect(await patched.json()).toMatchObject({ replyStatus: 'attending', notes: 'Đến muộn 15 phút' });
		const viewerPatch = await fetch(`${base()}/${d.id}`, { method: 'PATCH', headers: { ...auth(viewerToken), 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'x' }) });
		expect(viewerPatch.status).toBe(403);
		const gone = await fetch(`${base()}/${d.id}`, { method: 'DELETE', headers: auth(adminToken) });
		expect(await gone.json()).toMatchObject({ status: 'cancelled' });
		const doc = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
		expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/events/{eventId}/delegates', '/events/{eventId}/delegates/{delegateId}', '/events/{eventId}/delegates/imports', '/events/{eventId}/delegates/imports/{importId}/commit']));
		expect(doc.components.schemas.Delegate).toBeTruthy();
	});
});

describe('pages', () => {
	it('imports through the page forms, then downloads the list as .xlsx and PDF', async () => {
		const c = client(app, adminCookie);
		// Upload (multipart form action), then the preview page, then the commit form.
		const form = new FormData();
		const csv = 'STT,Họ và tên,Chức vụ,Đơn vị,Cấp\n1,Nguyễn Văn Trang Web,Chuyên viên,Sở Tài chính,Cấp xã\n';
		form.set('file', new Blob([csv]), 'trang.csv');
		form.set('order', 'rank');
		const up = await c.raw('POST', `/events/${eventId}/delegates/import?/upload`, { body: form, headers: { origin: app.url, accept: 'text/html' } });
		expect(up.status).toBe(303);
		const to = up.headers.get('location')!;
		expect(to).toMatch(/\/delegates\/import\?id=[a-z2-7]{32}$/);
		const page = await (await c.get(to)).text();
		expect(page).toContain('Xem trước: trang.csv');
		const id = new URL(to, app.url).searchParams.get('id')!;
		const digest = /name="planDigest" value="([0-9a-f]{64})"/.exec(page)![1];
		const commit = await c.post(`/events/${eventId}/delegates/import?/commit`, { importId: id, planDigest: digest });
		expect(commit.status).toBe(303);
		expect(commit.headers.get('location')).toContain('imported=1');
		const xlsx = await c.get(`/events/${eventId}/delegates/export.xlsx`);
		expect(xlsx.headers.get('content-disposition')).toMatch(/^attachment/);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
		const names = wb.worksheets[0].getColumn(3).values.map(String);
		expect(names).toContain('Nguyễn Văn Trang Web');
		const pdf = await c.get(`/events/${eventId}/delegates/list.pdf`);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
	});
});
