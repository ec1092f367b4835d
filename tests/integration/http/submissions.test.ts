/**
 * Tham luận over HTTP against the built server (node build, BODY_SIZE_LIMIT=25M): uploads by personal link
 * as a browser sends them (multipart, with and without JavaScript), the 20 MB limit and the adapter's own
 * 413 above 25 MB, refusals, download headers, and the API (upload, review, booklet).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, client, type App } from '../../helpers/server';
import { eventInput, newEventWorld, newMember } from '../../helpers/factories';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';
import { inviteUnits, saveCall } from '../../../src/lib/server/submissions/service';
import { createEvent } from '../../../src/lib/server/events/service';
import { bigBytes, makeDocx, makeExe, makePdf } from '../../unit/submissions/fixtures';
import { hasPoppler, pageCount, pdfText } from '../../unit/pdf/poppler';

let app: App;
let eventId = 0;
let token = '';
let otherToken = '';
let spareUnitId = 0;
let apiToken = '';
let viewerToken = '';
let staffCookie = '';
const sha = (b: Uint8Array | ArrayBuffer) => createHash('sha256').update(new Uint8Array(b)).digest('hex');

beforeAll(async () => {
	app = await startApp({
		prepare: async (d) => {
			const w = await newEventWorld(d.db);
			eventId = await createEvent(d.db, w.admin, w.org.id, eventInput({ title: 'Hội nghị tổng kết (thử HTTP)', startsAt: new Date('2030-04-05T00:30:00Z') }));
			await saveCall(d.db, w.admin, eventId, {
				guidance: 'Nêu cách làm hay',
				deadline: new Date('2030-03-25T10:00:00Z'),
				acceptPdf: true,
				acceptDocx: true,
				maxSizeMb: 20,
				expectedLength: '3–5 trang',
				speakingMinutes: 7
			});
			const units = await inviteUnits(d.db, w.admin, eventId, {
				units: [
					{ name: 'UBND xã Phước Hà', email: 'phuocha@xa.gov.vn', contactName: '' },
					{ name: 'Sở Y tế', email: null, contactName: '' },
					{ name: 'Đơn vị dự phòng', email: null, contactName: '' }
				]
			});
			token = units[0].link.split('/u/')[1];
			otherToken = units[1].link.split('/u/')[1];
			spareUnitId = units[2].unitId;
			apiToken = (await issueApiToken(d.db, { userId: w.admin.user.id, name: 'khóa thử', createdBy: null })).token;
			const viewer = await newMember(d.db, w.org.id, 'viewer');
			viewerToken = (await issueApiToken(d.db, { userId: viewer.user.id, name: 'khóa xem', createdBy: null })).token;
			const s = generateSessionToken();
			await createSession(d.db, s, w.admin.user.id);
			staffCookie = `${SESSION_COOKIE}=${s}`;
		}
	});
}, 120_000);
afterAll(async () => app?.stop());

const meta = { title: 'Phước Hà chung sức giảm nghèo', presenterName: 'Nguyễn Thị Ánh', presenterPosition: 'Chủ tịch UBND xã', summary: '' };

/** A browser's multipart form post (no JavaScript: it wants HTML back). */
async function postForm(path: string, fields: Record<string, string>, file?: { bytes: Uint8Array; name: string; type?: string }, opts: { enhanced?: boolean } = {}) {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.set(k, v);
	if (file) body.set('file', new Blob([Buffer.from(file.bytes)], { type: file.type ?? 'application/pdf' }), file.name);
	return fetch(app.url + path, {
		method: 'POST',
		body,
		headers: { origin: app.url, accept: opts.enhanced ? 'application/json' : 'text/html', ...(opts.enhanced ? { 'x-sveltekit-action': 'true' } : {}) },
		redirect: 'manual'
	});
}

const bearer = (t = apiToken) => ({ authorization: `Bearer ${t}` });

describe('the unit uploads through its personal link', () => {
	it('shows the call with the deadline in Vietnam time, and answers an altered link with a Vietnamese 404', async () => {
		const res = await fetch(`${app.url}/u/${token}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toContain('no-store');
		const html = await res.text();
		expect(html).toContain('UBND xã Phước Hà');
		expect(html).toContain('17:00 25/03/2030');
		expect(html).toContain('Nêu cách làm hay');
		const altered = (token[5] === 'a' ? 'b' : 'a');
		const bad = await fetch(`${app.url}/u/${token.slice(0, 5)}${altered}${token.slice(6)}`);
		expect(bad.status).toBe(404);
		expect(await bad.text()).toContain('Liên kết không đúng hoặc đã hết hạn');
	});

	it('takes a first version without JavaScript, then a new version from the enhanced form', async () => {
		const v1 = await makePdf({ pages: 2, label: 'Bản 1' });
		const r1 = await postForm(`/u/${token}?/upload`, meta, { bytes: v1, name: 'Tham luận Phước Hà.pdf' });
		expect(r1.status).toBe(200);
		expect(await r1.text()).toContain('Đã nhận bản 1 của tham luận');
		const v2 = makeDocx();
		const r2 = await postForm(`/u/${token}?/upload`, meta, { bytes: v2, name: 'ban-2.docx', type: 'application/octet-stream' }, { enhanced: true });
		expect(r2.status).toBe(200);
		const j = await r2.json();
		expect(j.type).toBe('success');
		expect(j.data).toContain('versionNumber');
		const page = await (await fetch(`${app.url}/u/${token}`)).text();
		expect(page).toContain('Bản 2');
		expect(page).toContain(sha(v2));
		expect(page).toContain(sha(v1));
	});

	it('refuses a file over 20 MB with its own message, and the adapter refuses a body over 25 MB', async () => {
		const r = await postForm(`/u/${token}?/upload`, meta, { bytes: bigBytes(20 * 1024 * 1024 + 10), name: 'lon.pdf' });
		expect(r.status).toBe(413);
		expect(await r.text()).toContain('Tệp nặng 20,1 MB, vượt giới hạn 20 MB');
		// Over BODY_SIZE_LIMIT (25 MB) adapter-node refuses the body while it is read: still a Vietnamese 413.
		const huge = await postForm(`/u/${token}?/upload`, meta, { bytes: bigBytes(26 * 1024 * 1024), name: 'qua-lon.pdf' });
		expect(huge.status).toBe(413);
		expect(await huge.text()).toContain('Tệp quá lớn: giới hạn là 20 MB');
		const page = await (await fetch(`${app.url}/u/${token}`)).text();
		expect(page).not.toContain('Bản 3');
	});

	it('refuses an executable named .pdf and keeps the versions as they were', async () => {
		const r = await postForm(`/u/${token}?/upload`, meta, { bytes: makeExe(), name: 'tham-luan.pdf' });
		expect(r.status).toBe(415);
		expect(await r.text()).toContain('là một chương trình chạy được');
		const j = await (await fetch(`${app.url}/u/${token}`)).text();
		expect(j).not.toContain('Bản 3');
	});

	it('serves the unit its own version as an attachment with the right headers', async () => {
		const html = await (await fetch(`${app.url}/u/${token}`)).text();
		const href = /href="(\/u\/[a-z2-7]+\/versions\/\d+)"/.exec(html)![1];
		const all = [...html.matchAll(/href="(\/u\/[a-z2-7]+\/versions\/\d+)"/g)].map((m) => m[1]);
		const res = await fetch(app.url + all[all.length - 1]);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="Tham luan Phuoc Ha.pdf"; filename*=UTF-8''Tham%20lu%E1%BA%ADn%20Ph%C6%B0%E1%BB%9Bc%20H%C3%A0.pdf`
		);
		const docx = await fetch(app.url + href);
		expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		// Another unit's link cannot reach this version.
		const cross = await fetch(`${app.url}/u/${otherToken}${all[0].slice(all[0].indexOf('/versions/'))}`);
		expect(cross.status).toBe(404);
	});
});

describe('the API', () => {
	let submissionId = 0;

	it('lists the units and their tham luận; a viewer reads but cannot review', async () => {
		const c = client(app);
		const res = await c.get(`/api/v1/events/${eventId}/submissions`, bearer());
		expect(res.status).toBe(200);
		const body = await res.json();
		const unit = body.units.find((u: { name: string }) => u.name === 'UBND xã Phước Hà');
		expect(unit).toMatchObject({ status: 'submitted', versions: 2 });
		submissionId = unit.submissionId;
		expect(body.call.deadline).toBe('2030-03-25T10:00:00.000Z');
		const v = await c.json('POST', `/api/v1/events/${eventId}/submissions/${submissionId}/reviews`, { decision: 'printed' }, bearer(viewerToken));
		expect(v.status).toBe(403);
		expect((await v.json()).error.code).toBe('forbidden');
	});

	it('uploads a raw PDF with a Vietnamese name, refuses one over 20 MB, and downloads it back', async () => {
		const pdf = await makePdf({ pages: 3, label: 'Bản PDF do Ban tổ chức tải lên' });
		const res = await fetch(`${app.url}/api/v1/events/${eventId}/submissions/${submissionId}/versions?filename=${encodeURIComponent('Bản PDF – Phước Hà.pdf')}`, {
			method: 'POST',
			body: Buffer.from(pdf),
			headers: { ...bearer(), 'content-type': 'application/octet-stream' }
		});
		expect(res.status).toBe(201);
		const v = await res.json();
		expect(v).toMatchObject({ number: 3, fileKind: 'pdf', size: pdf.length, sha256: sha(pdf), pageCount: 3, fileName: 'Bản PDF – Phước Hà.pdf', uploadedVia: 'api' });
		const big = await fetch(`${app.url}/api/v1/events/${eventId}/submissions/${submissionId}/versions?filename=lon.pdf`, {
			method: 'POST',
			body: Buffer.from(bigBytes(21 * 1024 * 1024)),
			headers: { ...bearer(), 'content-type': 'application/octet-stream' }
		});
		expect(big.status).toBe(413);
		expect((await big.json()).error).toMatchObject({ code: 'file_too_large' });
		const dl = await fetch(`${app.url}/api/v1/events/${eventId}/submissions/${submissionId}/versions/${v.id}`, { headers: bearer() });
		expect(dl.status).toBe(200);
		expect(dl.headers.get('content-type')).toBe('application/pdf');
		expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="Ban PDF _ Phuoc Ha\.pdf"; filename\*=UTF-8''B%E1%BA%A3n%20PDF%20%E2%80%93%20Ph%C6%B0%E1%BB%9Bc%20H%C3%A0\.pdf$/);
		expect(sha(await dl.arrayBuffer())).toBe(sha(pdf));
	});

	it('sends back for revision: the unit reads why; then it is selected and the booklet is built', async () => {
		const c = client(app);
		const back = await c.json('POST', `/api/v1/events/${eventId}/submissions/${submissionId}/reviews`, { decision: 'revision', body: 'Bổ sung số liệu năm 2025.' }, bearer());
		expect(back.status).toBe(201);
		const page = await (await fetch(`${app.url}/u/${token}`)).text();
		expect(page).toContain('Ban tổ chức đề nghị chỉnh sửa tham luận');
		expect(page).toContain('Bổ sung số liệu năm 2025.');
		const r = await postForm(`/u/${token}?/upload`, meta, { bytes: await makePdf({ pages: 2, label: 'Bản đã sửa' }), name: 'ban-sua.pdf' });
		expect(r.status).toBe(200);
		const sel = await c.json('POST', `/api/v1/events/${eventId}/submissions/${submissionId}/reviews`, { decision: 'presented', body: '' }, bearer());
		expect(sel.status).toBe(201);
		const presented = await (await c.get(`/api/v1/events/${eventId}/submissions/presented`, bearer())).json();
		expect(presented.presented).toEqual([expect.objectContaining({ id: submissionId, order: 1, speakingMinutes: 7, unit: 'UBND xã Phước Hà' })]);
		const gen = await c.json('POST', `/api/v1/events/${eventId}/submissions/booklet`, {}, bearer());
		expect(gen.status).toBe(201);
		const b = (await gen.json()).booklet;
		expect(b.pageCount).toBe(1 + 1 + 2);
		const file = await fetch(`${app.url}/api/v1/events/${eventId}/submissions/booklet/file`, { headers: bearer() });
		expect(file.headers.get('content-type')).toBe('application/pdf');
		const bytes = new Uint8Array(await file.arrayBuffer());
		expect(sha(bytes)).toBe(b.sha256);
		if (hasPoppler) {
			expect(pageCount(bytes)).toBe(4);
			expect(pdfText(bytes, 'layout', 2)).toContain('MỤC LỤC');
		}
		// The staff page download of the same booklet (session cookie).
		const staff = await client(app, staffCookie).get(`/events/${eventId}/submissions/booklet/file`);
		expect(staff.status).toBe(200);
		expect(staff.headers.get('content-disposition')).toContain("filename*=UTF-8''T%C3%A0i%20li%E1%BB%87u%20h%E1%BB%99i%20ngh%E1%BB%8B");
	});

	it('removes a unit that sent nothing and refuses to remove one that did', async () => {
		const c = client(app);
		const units = await (await c.get(`/api/v1/events/${eventId}/submissions/units`, bearer())).json();
		const phuocHa = units.units.find((u: { name: string }) => u.name === 'UBND xã Phước Hà');
		const refused = await c.json('DELETE', `/api/v1/events/${eventId}/submissions/units/${phuocHa.id}`, undefined, bearer());
		expect(refused.status).toBe(409);
		expect((await refused.json()).error.code).toBe('unit_has_submission');
		const ok = await c.json('DELETE', `/api/v1/events/${eventId}/submissions/units/${spareUnitId}`, undefined, bearer());
		expect(ok.status).toBe(200);
	});

	it('publishes its paths in the OpenAPI document', async () => {
		const doc = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
		expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/events/{eventId}/submissions', '/events/{eventId}/submissions/{submissionId}/versions', '/events/{eventId}/submissions/booklet']));
	});
});
