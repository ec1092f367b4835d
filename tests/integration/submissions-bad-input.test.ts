/**
 * Every bad upload the issue lists is refused with its code and a Vietnamese message, stores nothing, and
 * leaves the unit's earlier version as it was. Also: a full disk, and the orphan file a failed transaction
 * leaves behind (removed by the cleanup).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import { cleanupOrphanFiles, createLocalFileStore, registerStoredFile, type FileStore } from '../../src/lib/server/files/store';
import { inviteUnits, saveCall } from '../../src/lib/server/submissions/service';
import { uploadByLink } from '../../src/lib/server/submissions/public';
import type { CallInput } from '../../src/lib/server/submissions/schema';
import {
	bigBytes,
	makeDocm,
	makeDocx,
	makeEncryptedPdf,
	makeExe,
	makeGarbagePdf,
	makePdf,
	makeTruncatedPdf,
	makeXlsxLike,
	makeZipBomb
} from '../unit/submissions/fixtures';

let d: Database_;
let filesDir: string;
let store: FileStore;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const tokenOf = (link: string) => link.split('/u/')[1];
const meta = { title: 'Kinh nghiệm giảm nghèo ở xã Phước Hà', presenterName: 'Nguyễn Thị Ánh', presenterPosition: 'Chủ tịch UBND xã', summary: '' };

function callInput(over: Partial<CallInput> = {}): CallInput {
	return {
		guidance: '',
		deadline: new Date('2030-03-25T10:00:00Z'),
		acceptPdf: true,
		acceptDocx: true,
		maxSizeMb: 20,
		expectedLength: '',
		speakingMinutes: 7,
		...over
	};
}

/** Every file under the store (content and temporary), to prove nothing was written. */
function filesOnDisk(): string[] {
	const out: string[] = [];
	const walk = (p: string) => {
		if (!fs.existsSync(p)) return;
		for (const e of fs.readdirSync(p, { withFileTypes: true })) {
			const q = path.join(p, e.name);
			if (e.isDirectory()) walk(q);
			else out.push(path.relative(filesDir, q));
		}
	};
	walk(filesDir);
	return out.sort();
}

beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

let token: string;
let eventId: number;
let admin: Awaited<ReturnType<typeof newEventWorld>>['admin'];
let v1: Uint8Array;
let paperId: number;

beforeEach(async () => {
	filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-sub-bad-'));
	store = createLocalFileStore(filesDir);
	const w = await newEventWorld(d.db, { startsAt: new Date('2030-04-05T00:30:00Z') });
	eventId = w.eventId;
	admin = w.admin;
	await saveCall(d.db, admin, eventId, callInput());
	const [u] = await inviteUnits(d.db, admin, eventId, { units: [{ name: 'UBND xã Phước Hà', email: 'phuocha@xa.gov.vn', contactName: '' }] });
	token = tokenOf(u.link);
	v1 = await makePdf({ pages: 2, label: 'Bản đầu' });
	paperId = (await uploadByLink(d.db, token, { fields: meta, file: { bytes: v1, name: 'ban-dau.pdf' } }, { store })).submissionId;
});

/** Runs an upload that must be refused (started after the snapshot) and checks that nothing changed. */
async function expectRefused(run: () => Promise<unknown>, code: string, message: RegExp, status?: number) {
	const before = filesOnDisk();
	const versionsBefore = await d.db.selectFrom('submission_version').select(['id', 'sha256']).where('submission_id', '=', paperId).execute();
	const filesBefore = await d.db.selectFrom('stored_file').select('sha256').execute();
	const err = (await run().then(
		() => null,
		(e) => e
	)) as { code?: string; message?: string; status?: number } | null;
	expect(err, 'the upload was accepted').not.toBeNull();
	expect(err!.code).toBe(code);
	expect(err!.message).toMatch(message);
	if (status) expect(err!.status).toBe(status);
	expect(filesOnDisk()).toEqual(before);
	expect(await d.db.selectFrom('submission_version').select(['id', 'sha256']).where('submission_id', '=', paperId).execute()).toEqual(versionsBefore);
	expect((await d.db.selectFrom('stored_file').select('sha256').execute()).length).toBe(filesBefore.length);
	const paper = await d.db.selectFrom('submission').selectAll().where('id', '=', paperId).executeTakeFirstOrThrow();
	expect(paper.title).toBe(meta.title);
	const current = await d.db.selectFrom('submission_version').selectAll().where('id', '=', paper.current_version_id!).executeTakeFirstOrThrow();
	expect(current.number).toBe(1);
	expect(sha(await store.read(current.sha256))).toBe(sha(v1));
}

const upload = (bytes: Uint8Array, name: string, opts: { fields?: Record<string, unknown>; tok?: string; now?: Date; store?: FileStore } = {}) =>
	uploadByLink(d.db, opts.tok ?? token, { fields: opts.fields ?? { ...meta, title: 'Tên mới không được lưu' }, file: { bytes, name } }, { store: opts.store ?? store, now: opts.now });

describe('refused uploads store nothing and keep the earlier version', () => {
	it('an executable named .pdf', async () => {
		await expectRefused(() => upload(makeExe(), 'tham-luan.pdf'), 'file_not_document', /“tham-luan\.pdf” là một chương trình chạy được.*không dựa vào tên/, 415);
	});

	it('a broken PDF (a header and nonsense)', async () => {
		await expectRefused(() => upload(makeGarbagePdf(), 'tham-luan.pdf'), 'pdf_broken', /bị hỏng hoặc không trọn vẹn/, 422);
	});

	it('a PDF cut short', async () => {
		await expectRefused(async () => upload(await makeTruncatedPdf(), 'tham-luan.pdf'), 'pdf_broken', /không trọn vẹn \(có thể tải chưa hết\)/);
	});

	it('an encrypted PDF', async () => {
		await expectRefused(async () => upload(await makeEncryptedPdf(), 'tham-luan.pdf'), 'pdf_encrypted', /đặt mật khẩu/, 422);
	});

	it('a DOCX that is not a zip', async () => {
		await expectRefused(() => upload(new TextEncoder().encode('Đây là tham luận gõ bằng Notepad'), 'tham-luan.docx'), 'file_not_document', /không phải tài liệu PDF hay Word/);
		const fakeZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(200).fill(7)]);
		await expectRefused(() => upload(fakeZip, 'tham-luan.docx'), 'docx_broken', /không phải tệp Word \(\.docx\) hợp lệ/);
	});

	it('a zip bomb dressed as DOCX', async () => {
		const bomb = makeZipBomb(120);
		expect(bomb.length).toBeLessThan(1024 * 1024);
		await expectRefused(() => upload(bomb, 'tham-luan.docx'), 'docx_zip_bomb', /cấu trúc bất thường/);
	});

	it('other office files: a spreadsheet, a legacy .doc, a macro document', async () => {
		await expectRefused(() => upload(makeXlsxLike(), 'tham-luan.docx'), 'file_not_document', /bảng tính Excel/);
		const ole = new Uint8Array(2048);
		ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
		await expectRefused(() => upload(ole, 'tham-luan.doc'), 'doc_legacy', /Word đời cũ \(\.doc\)/);
		await expectRefused(() => upload(makeDocm(), 'tham-luan.docm'), 'docx_macro', /có macro/);
	});

	it('a file over 20 MB, and over a call limit of 5 MB', async () => {
		await expectRefused(() => upload(bigBytes(20 * 1024 * 1024 + 1), 'lon.pdf'), 'file_too_large', /vượt giới hạn 20 MB/, 413);
		await saveCall(d.db, admin, eventId, callInput({ maxSizeMb: 5 }));
		await expectRefused(() => upload(bigBytes(6 * 1024 * 1024), 'lon.pdf'), 'file_too_large', /nặng 6,0 MB, vượt giới hạn 5,0 MB/, 413);
	});

	it('an empty file, and a type the call does not accept', async () => {
		await expectRefused(() => upload(new Uint8Array(0), 'rong.pdf'), 'file_empty', /rỗng/);
		await saveCall(d.db, admin, eventId, callInput({ acceptDocx: false }));
		await expectRefused(() => upload(makeDocx(), 'ban-word.docx'), 'file_type_not_accepted', /chỉ nhận PDF/, 415);
	});

	it('a name with path separators or control characters', async () => {
		const pdf = await makePdf();
		for (const name of ['../../etc/passwd.pdf', 'thu-muc/tham-luan.pdf', '..\\tham-luan.pdf', 'tham\u0000luan.pdf', 'tham\nluan.pdf', 'thamluan\u202Efdp.exe'])
			await expectRefused(() => upload(pdf, name), 'file_name_invalid', /Tên tệp không hợp lệ/, 400);
	});

	it('an altered, unknown or expired link', async () => {
		const pdf = await makePdf();
		const altered = (token[0] === 'a' ? 'b' : 'a') + token.slice(1);
		await expectRefused(() => upload(pdf, 'a.pdf', { tok: altered }), 'link_invalid', /Liên kết không đúng hoặc đã hết hạn/, 404);
		await expectRefused(() => upload(pdf, 'a.pdf', { tok: 'khong-phai-token' }), 'link_invalid', /Liên kết không đúng/);
		// Expiry: 30 days after the event.
		await expectRefused(() => upload(pdf, 'a.pdf', { now: new Date('2030-05-06T00:00:00Z') }), 'link_invalid', /hết hạn/, 404);
	});

	it('an upload after the deadline', async () => {
		await expectRefused(async () => upload(await makePdf(), 'muon.pdf', { now: new Date('2030-03-25T10:00:01Z') }), 'deadline_passed', /Đã hết hạn nộp tham luận \(hạn: 17:00 25\/03\/2030/, 403);
	});

	it('incomplete details, and no file the first time', async () => {
		await expectRefused(async () => upload(await makePdf(), 'a.pdf', { fields: { title: '', presenterName: '' } }), 'invalid_input', /chưa hợp lệ/, 400);
		// A second unit with no version yet must send a file.
		const [u2] = await inviteUnits(d.db, admin, eventId, { units: [{ name: 'Sở Y tế', email: null, contactName: '' }] });
		await expect(uploadByLink(d.db, tokenOf(u2.link), { fields: meta, file: null }, { store })).rejects.toMatchObject({ code: 'file_required' });
	});

	it('a full disk: a clear message, no temporary file left, the earlier version intact', async () => {
		const full = createLocalFileStore(filesDir, {
			async writeFile(handle, bytes) {
				await handle.write(bytes, 0, Math.floor(bytes.length / 2));
				throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
			}
		});
		await expectRefused(async () => upload(await makePdf({ label: 'Đĩa đầy' }), 'day.pdf', { store: full }), 'storage_full', /hết chỗ lưu trữ.*bản cũ vẫn giữ nguyên/, 507);
	});
});

describe('orphan files', () => {
	it('a transaction that fails after the file is written leaves an orphan that the cleanup removes', async () => {
		// The link is revoked between the checks and the transaction (a race with the organiser).
		const racing: FileStore = {
			...store,
			async put(bytes) {
				const r = await store.put(bytes);
				await d.db.updateTable('submission_link').set({ revoked_at: new Date() }).where('event_id', '=', eventId).execute();
				return r;
			}
		};
		const v2 = await makePdf({ label: 'Bản bị bỏ dở' });
		await expect(upload(v2, 'v2.pdf', { store: racing })).rejects.toMatchObject({ code: 'link_invalid' });
		expect(await store.has(sha(v2))).toBe(true);
		expect(await d.db.selectFrom('stored_file').select('sha256').where('sha256', '=', sha(v2)).executeTakeFirst()).toBeUndefined();
		// Young orphans are left alone (their transaction might still be open)…
		expect(await cleanupOrphanFiles(d.db, store)).toMatchObject({ removedFiles: 0 });
		// …old ones go; registered files stay.
		const r = await cleanupOrphanFiles(d.db, store, 0);
		expect(r.removedFiles).toBe(1);
		expect(await store.has(sha(v2))).toBe(false);
		expect(await store.has(sha(v1))).toBe(true);
	});

	it('stores identical content once and removes stale temporary files', async () => {
		const bytes = await makePdf({ label: 'Trùng' });
		const a = await store.put(bytes);
		const b = await store.put(bytes);
		expect([a.created, b.created]).toEqual([true, false]);
		await registerStoredFile(d.db, { sha256: a.sha256, size: a.size, contentType: 'application/pdf' });
		fs.mkdirSync(path.join(filesDir, 'tmp'), { recursive: true });
		fs.writeFileSync(path.join(filesDir, 'tmp', 'x.part'), 'nửa chừng');
		const r = await cleanupOrphanFiles(d.db, store, 0);
		expect(r.removedTemp).toBe(1);
		expect(await store.has(a.sha256)).toBe(true);
	});
});
