/**
 * The budget over HTTP on the built server: each role against the pages and the API with real ids, the
 * over-limit answer and its reason, receipt upload checked by content and served as an attachment, the
 * reports as downloads, and a form action with a multipart receipt.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, client, type App } from '../../helpers/server';
import { newEventWorld, newMember, newOrganisation } from '../../helpers/factories';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';
import { createExpense, createLine, createSource } from '../../../src/lib/server/budget/service';
import { seedNormRows } from '../../../src/lib/server/budget/norms';
import type { Principal } from '../../../src/lib/server/auth/access';

type Who = 'admin' | 'organiser' | 'finance' | 'reception' | 'viewer' | 'outsider';
const WHO: Who[] = ['admin', 'organiser', 'finance', 'reception', 'viewer', 'outsider'];

let app: App;
const cookies: Partial<Record<Who, string>> = {};
const tokens: Partial<Record<Who, string>> = {};
let eventId = 0;
let orgId = 0;
let sourceId = 0;
let lineId = 0;
let expenseId = 0;
let refreshmentsNorm = 0;

// Smallest valid files of each kind (content decides, not the name).
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a10000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

beforeAll(async () => {
	app = await startApp({
		prepare: async (d) => {
			const w = await newEventWorld(d.db);
			eventId = w.eventId;
			orgId = w.org.id;
			const people: Partial<Record<Who, number>> = { admin: w.admin.user.id };
			const principals: Partial<Record<Who, Principal>> = { admin: w.admin };
			for (const role of ['organiser', 'finance', 'reception', 'viewer'] as const) {
				const p = await newMember(d.db, w.org.id, role);
				principals[role] = p;
				people[role] = p.user.id;
			}
			people.outsider = (await newMember(d.db, (await newOrganisation(d.db)).id, 'admin')).user.id;
			for (const [who, userId] of Object.entries(people) as [Who, number][]) {
				const token = generateSessionToken();
				await createSession(d.db, token, userId);
				cookies[who] = `${SESSION_COOKIE}=${token}`;
				tokens[who] = (await issueApiToken(d.db, { userId, name: `khóa ${who}`, createdBy: null })).token;
			}
			const fin = principals.finance!;
			await seedNormRows(d.db, orgId);
			refreshmentsNorm = (await d.db.selectFrom('budget_norm').select('id').where('organisation_id', '=', orgId).where('code', '=', 'tt40.refreshments').executeTakeFirstOrThrow()).id;
			sourceId = await createSource(d.db, fin, eventId, { name: 'Kinh phí Dự án 7', fundType: 'programme', decisionNo: '1/QĐ-UBND', decisionDate: '2024-03-01', issuer: 'UBND tỉnh', amount: 50_000_000, notes: '' });
			lineId = await createLine(d.db, fin, eventId, {
				fundingSourceId: sourceId,
				category: 'hall',
				description: 'Thuê hội trường',
				unit: 'hội nghị',
				quantity: 100,
				unitPrice: 10_000_000,
				normId: null,
				notes: '',
				derivedFrom: null,
				derivedParams: {},
				overReason: null
			});
			expenseId = await createExpense(d.db, fin, eventId, { lineId, fundingSourceId: null, spentOn: '2024-04-05', payee: 'Trung tâm Hội nghị', voucherNo: 'PC 01', description: 'Thuê hội trường', amount: 9_000_000, overReason: null });
		}
	});
});
afterAll(async () => app?.stop());

const apiOf = (who: Who) => {
	const c = client(app);
	const h = { authorization: `Bearer ${tokens[who]}` };
	return {
		get: (p: string) => c.get(p, h),
		json: (method: string, p: string, body?: unknown) => c.json(method, p, body, h),
		raw: (method: string, p: string, body: BodyInit, type = 'application/octet-stream') => c.raw(method, p, { body, headers: { ...h, 'content-type': type } })
	};
};

describe('who sees the budget', () => {
	for (const who of WHO) {
		it(`pages and API as ${who}`, async () => {
			const page = client(app, cookies[who]);
			const api = apiOf(who);
			const base = `/api/v1/events/${eventId}/budget`;
			const r = {
				page: (await page.get(`/events/${eventId}/budget/expenses`)).status,
				summary: (await api.get(base)).status,
				receipt: (await api.get(`${base}/expenses/${expenseId}/receipt`)).status,
				report: (await api.get(`${base}/exports/du-toan.pdf`)).status,
				write: (await api.json('PATCH', `${base}/lines/${lineId}`, { notes: `ghi chú của ${who}` })).status,
				norms: (await api.get(`/api/v1/organisations/${orgId}/norms`)).status
			};
			if (who === 'outsider') expect(r).toEqual({ page: 404, summary: 404, receipt: 404, report: 404, write: 404, norms: 404 });
			else if (who === 'reception' || who === 'viewer') expect(r).toEqual({ page: 403, summary: 403, receipt: 403, report: 403, write: 403, norms: 403 });
			// No scan attached yet: the allowed roles get a 404 for the receipt itself.
			else if (who === 'organiser') expect(r).toEqual({ page: 200, summary: 200, receipt: 404, report: 200, write: 403, norms: 200 });
			else expect(r).toEqual({ page: 200, summary: 200, receipt: 404, report: 200, write: 200, norms: 200 });
		});
	}

	it('shows the Kinh phí tab only to roles that may see the budget', async () => {
		for (const who of ['finance', 'viewer'] as const) {
			const html = await (await client(app, cookies[who]).get(`/events/${eventId}`)).text();
			expect(html.includes(`/events/${eventId}/budget"`), who).toBe(who === 'finance');
		}
	});
});

describe('budget API', () => {
	it('answers 409 with the warnings for a line over its norm, and saves it with a reason', async () => {
		const api = apiOf('finance');
		const body = { fundingSourceId: sourceId, category: 'refreshments', description: 'Giải khát giữa giờ', unit: 'người × buổi', quantity: 150, unitPrice: '45.000', normId: refreshmentsNorm };
		const res = await api.json('POST', `/api/v1/events/${eventId}/budget/lines`, body);
		expect(res.status).toBe(409);
		const err = (await res.json()).error;
		expect(err.code).toBe('budget_over_limit');
		expect(err.details.warnings[0]).toMatchObject({ code: 'over_norm', excess: 5_000, needsReason: true });
		const ok = await api.json('POST', `/api/v1/events/${eventId}/budget/lines`, { ...body, overReason: 'Theo báo giá' });
		expect(ok.status).toBe(201);
		expect(await ok.json()).toMatchObject({ amount: 6_750_000, overNorm: true, overReason: 'Theo báo giá', code: 'I.2' });
	});

	it('refuses a receipt that is not an image or PDF by its content, stores a PNG and serves it as an attachment', async () => {
		const api = apiOf('finance');
		const url = `/api/v1/events/${eventId}/budget/expenses/${expenseId}/receipt`;
		const html = await api.raw('PUT', `${url}?name=hoa-don.png`, '<html><script>alert(1)</script></html>', 'image/png');
		expect(html.status).toBe(415);
		expect((await html.json()).error.code).toBe('receipt_type');
		const put = await api.raw('PUT', `${url}?name=${encodeURIComponent('Hóa đơn số 12.png')}`, PNG);
		expect(put.status).toBe(200);
		expect((await put.json()).receipt).toMatchObject({ type: 'image/png', size: PNG.length, name: 'Hóa đơn số 12.png' });
		const again = await api.raw('PUT', url, PDF);
		expect(again.status).toBe(409);
		const get = await apiOf('organiser').get(url);
		expect(get.status).toBe(200);
		expect(get.headers.get('content-type')).toBe('image/png');
		expect(get.headers.get('content-disposition')).toMatch(/^attachment; filename="Hoa don so 12.png"; filename\*=UTF-8''H%C3%B3a/);
		expect(get.headers.get('x-content-type-options')).toBe('nosniff');
		expect(Buffer.from(await get.arrayBuffer()).equals(PNG)).toBe(true);
	});

	it('reverses an entry once; the summary nets it out', async () => {
		const api = apiOf('finance');
		const base = `/api/v1/events/${eventId}/budget`;
		const created = await api.json('POST', `${base}/expenses`, { lineId, spentOn: '2024-04-06', payee: 'Công ty A', voucherNo: 'PC 02', description: 'Âm thanh', amount: 500_000 });
		expect(created.status).toBe(201);
		const e = await created.json();
		const wrongSource = await api.json('POST', `${base}/expenses`, { lineId, fundingSourceId: sourceId + 999, spentOn: '2024-04-06', payee: 'X', voucherNo: 'X', description: 'X', amount: 1 });
		expect((await wrongSource.json()).error.code).toBe('source_mismatch');
		const rev = await api.json('POST', `${base}/expenses/${e.id}/reversal`, { spentOn: '2024-04-07', voucherNo: 'PC 02/ĐC', reason: 'Ghi nhầm khoản' });
		expect(rev.status).toBe(201);
		expect(await rev.json()).toMatchObject({ amount: -500_000, reversesId: e.id });
		const twice = await api.json('POST', `${base}/expenses/${e.id}/reversal`, { spentOn: '2024-04-07', voucherNo: 'PC 02/ĐC2', reason: 'lần hai' });
		expect(twice.status).toBe(409);
		expect((await twice.json()).error.code).toBe('already_reversed');
		const summary = await (await api.get(base)).json();
		expect(summary.sources[0]).toMatchObject({ allocated: 50_000_000, spent: 9_000_000, remaining: 41_000_000 });
	});

	it('downloads the quyết toán as .xlsx that opens with its totals', async () => {
		const res = await apiOf('organiser').get(`/api/v1/events/${eventId}/budget/exports/quyet-toan.xlsx`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="quyet-toan-hoi-nghi-\d+\.xlsx"/);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await res.arrayBuffer()) as never);
		expect(wb.getWorksheet('Quyết toán')!.getCell('A5').value).toBe('QUYẾT TOÁN KINH PHÍ');
		expect((await apiOf('finance').get(`/api/v1/events/${eventId}/budget/exports/bao-cao.exe`)).status).toBe(404);
	});

	it('documents the budget in OpenAPI', async () => {
		const doc = await (await fetch(app.url + '/api/v1/openapi.json')).json();
		expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/events/{eventId}/budget', '/events/{eventId}/budget/lines', '/organisations/{orgId}/norms']));
	});
});

describe('budget forms', () => {
	it('a form save over the norm comes back with the warning; with a reason it saves', async () => {
		const c = client(app, cookies.finance);
		const form = { fundingSourceId: String(sourceId), category: 'refreshments', description: 'Giải khát buổi chiều', unit: 'người × buổi', quantity: '10', unitPrice: '41.000', normId: String(refreshmentsNorm), derivedFrom: '' };
		const res = await c.post(`/events/${eventId}/budget/lines?/save`, form);
		expect(res.status).toBe(409);
		expect(await res.text()).toContain('Cần nêu lý do trước khi lưu');
		const ok = await c.post(`/events/${eventId}/budget/lines?/save`, { ...form, overReason: 'Giá dịch vụ tại hội trường' });
		expect(ok.status).toBe(200);
		expect(await ok.text()).toContain('Đã thêm khoản chi.');
	});

	it('records an entry with a PDF receipt through the multipart form', async () => {
		const fd = new FormData();
		for (const [k, v] of Object.entries({ lineId: String(lineId), spentOn: '2024-04-05', payee: 'Nhà in', voucherNo: 'PC 03', description: 'In giấy mời', amount: '300.000' })) fd.set(k, v);
		fd.set('receipt', new Blob([PDF], { type: 'application/pdf' }), 'hoá đơn.pdf');
		const res = await fetch(`${app.url}/events/${eventId}/budget/expenses?/create`, {
			method: 'POST',
			body: fd,
			headers: { cookie: cookies.finance!, origin: app.url, accept: 'text/html' },
			redirect: 'manual'
		});
		expect(res.status).toBe(200);
		const list = await (await apiOf('finance').get(`/api/v1/events/${eventId}/budget/expenses`)).json();
		const e = list.expenses.find((x: { voucherNo: string }) => x.voucherNo === 'PC 03');
		expect(e.receipt).toMatchObject({ type: 'application/pdf', size: PDF.length });
		// The organiser reads but cannot write through the form either.
		const denied = await client(app, cookies.organiser).post(`/events/${eventId}/budget/lines?/save`, { description: 'x' });
		expect(denied.status).toBe(403);
	});
});
