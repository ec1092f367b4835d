/**
 * Internal documents (báo cáo, phát biểu) and their approval on a real database: a document is not created
 * as “trình duyệt” / “đã duyệt” without a file, a new text of an approved document goes back to “Trình duyệt”
 * (with its audit row), and the booklet says when its main report may not be printed.
 */
import { describe, expect, it } from 'vitest';
import type { Database_ } from '../../src/lib/server/db';
import type { FileStore } from '../../src/lib/server/files/store';
import { eventWithCall, submissionsDatabase } from './submissions-world';
import {
	addReview,
	createDocument,
	getSubmission,
	inviteUnits,
	updateDocument,
	uploadStaffVersion
} from '../../src/lib/server/submissions/service';
import { uploadByLink } from '../../src/lib/server/submissions/public';
import { bookletWarnings, generateBooklet } from '../../src/lib/server/submissions/booklet';
import { parseDocumentInput } from '../../src/lib/server/submissions/schema';
import { makePdf } from '../unit/submissions/fixtures';

let d: Database_;
let store: FileStore;
submissionsDatabase('hn-sub-docs-', (db, s) => {
	d = db;
	store = s;
});

const world = () => eventWithCall(d.db);

const actions = async (eventId: number, entityId?: number) => {
	let q = d.db.selectFrom('audit_log').select(['action', 'data']).where('event_id', '=', eventId);
	if (entityId) q = q.where('entity_type', '=', 'submission').where('entity_id', '=', String(entityId));
	return q.orderBy('id').execute();
};

const eventOf = (eventId: number) => d.db.selectFrom('event').select(['id', 'kind']).where('id', '=', eventId).executeTakeFirstOrThrow();

/** A tham luận printed in the booklet, so that a booklet can be made without the report. */
async function printedPaper(admin: Awaited<ReturnType<typeof world>>['admin'], eventId: number) {
	const [u] = await inviteUnits(d.db, admin, eventId, { units: [{ name: 'UBND xã Phước Hà', email: null, contactName: '' }] });
	const r = await uploadByLink(
		d.db,
		u.link.split('/u/')[1],
		{ fields: { title: 'Phước Hà giảm nghèo', presenterName: 'Nguyễn Thị Ánh', presenterPosition: '', summary: '' }, file: { bytes: await makePdf({ pages: 2 }), name: 'a.pdf' } },
		{ store }
	);
	await addReview(d.db, admin, eventId, r.submissionId, { decision: 'printed', body: '', reopenUntil: null });
	return r.submissionId;
}

describe('internal documents: status needs a file', () => {
	it('refuses to create a document “for approval” or “approved” (as the API would send it), without a trace', async () => {
		const { admin, eventId } = await world();
		for (const docStatus of ['for_approval', 'approved']) {
			const parsed = parseDocumentInput({ kind: 'main_report', title: 'Báo cáo tổng kết', docStatus });
			expect(parsed.ok).toBe(true);
			if (!parsed.ok) continue;
			await expect(createDocument(d.db, admin, eventId, parsed.value)).rejects.toMatchObject({
				code: 'no_version',
				status: 409,
				message: expect.stringContaining('Dự thảo')
			});
		}
		expect(await d.db.selectFrom('submission').select('id').where('event_id', '=', eventId).execute()).toEqual([]);
		expect((await actions(eventId)).map((a) => a.action)).not.toContain('submission.document.created');
		// A draft is fine, and so is saying “draft” explicitly.
		const id = await createDocument(d.db, admin, eventId, { kind: 'main_report', title: 'Báo cáo tổng kết', docStatus: 'draft' });
		expect((await getSubmission(d.db, admin, eventId, id)).paper.doc_status).toBe('draft');
	});

	it('sends an approved document back to “Trình duyệt” when a new version is uploaded, with an audit row', async () => {
		const { admin, eventId } = await world();
		const id = await createDocument(d.db, admin, eventId, { kind: 'directing_speech', title: 'Phát biểu chỉ đạo' });
		const v1 = await uploadStaffVersion(d.db, admin, eventId, id, { bytes: await makePdf({ label: 'Bản 1' }), name: 'v1.pdf' }, { store });
		expect(v1.approvalReset).toBe(false);
		expect((await getSubmission(d.db, admin, eventId, id)).paper.doc_status).toBe('draft');
		await updateDocument(d.db, admin, eventId, id, { docStatus: 'approved' });

		const v2 = await uploadStaffVersion(d.db, admin, eventId, id, { bytes: await makePdf({ label: 'Bản 2' }), name: 'v2.pdf' }, { store });
		expect(v2).toMatchObject({ number: 2, approvalReset: true });
		const paper = (await getSubmission(d.db, admin, eventId, id)).paper;
		expect(paper).toMatchObject({ doc_status: 'for_approval', current_version_id: v2.id });
		const rows = await actions(eventId, id);
		expect(rows.map((r) => r.action)).toEqual([
			'submission.document.created',
			'submission.version.uploaded',
			'submission.document.updated',
			'submission.version.uploaded',
			'submission.document.approval_reset'
		]);
		expect(rows[4].data).toMatchObject({ doc_status: { from: 'approved', to: 'for_approval' }, version: 2 });

		// A document waiting for approval stays so; nothing more is written about its status.
		const v3 = await uploadStaffVersion(d.db, admin, eventId, id, { bytes: await makePdf({ label: 'Bản 3' }), name: 'v3.pdf' }, { store });
		expect(v3.approvalReset).toBe(false);
		expect((await getSubmission(d.db, admin, eventId, id)).paper.doc_status).toBe('for_approval');
		expect((await actions(eventId, id)).filter((r) => r.action === 'submission.document.approval_reset')).toHaveLength(1);
	});
});

describe('booklet: the main report must be approved before printing', () => {
	it('warns when there is no main report, or it has no file', async () => {
		const { admin, eventId } = await world();
		await printedPaper(admin, eventId);
		let booklet = await generateBooklet(d.db, admin, eventId, { store, soffice: null });
		const event = await eventOf(eventId);
		let warnings = await bookletWarnings(d.db, event, booklet);
		expect(warnings).toEqual([{ code: 'report_missing', message: expect.stringContaining('Tài liệu không có báo cáo sơ kết: chưa tạo văn bản này') }]);
		expect(warnings[0].message).toContain('Không in, phát hành tài liệu');

		await createDocument(d.db, admin, eventId, { kind: 'main_report', title: 'Báo cáo sơ kết' });
		booklet = await generateBooklet(d.db, admin, eventId, { store, soffice: null });
		expect(booklet.missing.map((m) => m.reason)).toEqual(['no_version']);
		warnings = await bookletWarnings(d.db, event, booklet);
		expect(warnings).toEqual([{ code: 'report_missing', message: expect.stringContaining('văn bản chưa có tệp') }]);
	});

	it('warns about a report not approved, clears when that version is approved, asks again after a new version', async () => {
		const { admin, eventId } = await world();
		await printedPaper(admin, eventId);
		const reportId = await createDocument(d.db, admin, eventId, { kind: 'main_report', title: 'Báo cáo sơ kết 03 năm' });
		await uploadStaffVersion(d.db, admin, eventId, reportId, { bytes: await makePdf({ pages: 3, label: 'Báo cáo' }), name: 'bc.pdf' }, { store });
		const event = await eventOf(eventId);

		// Draft: the booklet is made (to proofread) but says it must not be printed.
		const draft = await generateBooklet(d.db, admin, eventId, { store, soffice: null });
		expect(draft.contents.map((c) => c.kind)).toEqual(['main_report', 'tham_luan']);
		expect(await bookletWarnings(d.db, event, draft)).toEqual([
			{ code: 'report_not_approved', message: expect.stringContaining('Báo cáo sơ kết trong tài liệu (bản 1) chưa được duyệt (trạng thái: Dự thảo)') }
		]);
		const generated = await d.db.selectFrom('audit_log').select('data').where('event_id', '=', eventId).where('action', '=', 'submission.booklet.generated').executeTakeFirstOrThrow();
		expect(generated.data).toMatchObject({ report: { version: 1, docStatus: 'draft' } });

		await updateDocument(d.db, admin, eventId, reportId, { docStatus: 'for_approval' });
		expect((await bookletWarnings(d.db, event, draft))[0].message).toContain('trạng thái: Trình duyệt');
		// The text printed is the text approved: no warning, no need to make the booklet again.
		await updateDocument(d.db, admin, eventId, reportId, { docStatus: 'approved' });
		expect(await bookletWarnings(d.db, event, draft)).toEqual([]);

		// A new text: back to “Trình duyệt”, and this booklet prints the old one.
		await uploadStaffVersion(d.db, admin, eventId, reportId, { bytes: await makePdf({ pages: 4, label: 'Báo cáo sửa' }), name: 'bc2.pdf' }, { store });
		expect(await bookletWarnings(d.db, event, draft)).toEqual([
			{ code: 'report_changed', message: expect.stringContaining('đã có bản 2 (Trình duyệt) sau khi tạo tài liệu; tài liệu đang in bản 1') }
		]);
		const again = await generateBooklet(d.db, admin, eventId, { store, soffice: null });
		expect((await bookletWarnings(d.db, event, again)).map((w) => w.code)).toEqual(['report_not_approved']);
		await updateDocument(d.db, admin, eventId, reportId, { docStatus: 'approved' });
		expect(await bookletWarnings(d.db, event, again)).toEqual([]);
	});
});
