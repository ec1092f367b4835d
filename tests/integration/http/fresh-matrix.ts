/**
 * Entities the role × route matrix destroys or reads by id, made by the world for that purpose only
 * (filled by permissions.test.ts):
 *
 * - one of each deletable kind per caller (role, outsider, anonymous), so every DELETE case acts on an
 *   entity nobody else touches: an allowed role really deletes its own, a refused one leaves its own in
 *   place, and no later case loses what it reads. Per-caller placeholders: ':delAwardId', ':delDecisionId',
 *   ':delLineId', ':delSourceId', ':delItemId', ':delUnitId', ':delDelegateId' (cancelled, not deleted) and
 *   ':delImportId' (an uploaded list not committed).
 * - a thực chi entry with a stored receipt scan (':receiptExpenseId'), so GET …/receipt has a file to serve.
 *
 * Runs after submissionPlaceholders (the call for tham luận must exist to invite units).
 */
import type { Database_ } from '../../../src/lib/server/db';
import type { Principal } from '../../../src/lib/server/auth/access';
import { insertDelegates } from '../../../src/lib/server/delegates/repository';
import { createImport } from '../../../src/lib/server/delegates/import';
import { addAward, createDecision } from '../../../src/lib/server/awards/service';
import { addProgrammeItem } from '../../../src/lib/server/programme/service';
import { createExpense, createLine, createSource } from '../../../src/lib/server/budget/service';
import type { LineInput } from '../../../src/lib/server/budget/schema';
import { createLocalFileStore } from '../../../src/lib/server/files/store';
import { inviteUnits } from '../../../src/lib/server/submissions/service';
import { formId } from '../../unit/awards/world';
import { serverFilesDir } from './submissions-matrix';

/** The smallest valid PNG (receipts are checked by content). */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a10000000049454e44ae426082', 'hex');

const line = (fundingSourceId: number, description: string): LineInput => ({
	fundingSourceId,
	category: 'hall',
	description,
	unit: 'lần',
	// hundredths: one time 100 000 đ
	quantity: 100,
	unitPrice: 100_000,
	normId: null,
	notes: '',
	derivedFrom: null,
	derivedParams: {},
	overReason: null
});

const source = (name: string, amount: number) => ({ name, fundType: 'other' as const, decisionNo: '', decisionDate: null, issuer: '', amount, notes: '' });

export interface FreshPlaceholders {
	/** Placeholders shared by every caller. */
	shared: Record<string, string>;
	/** Placeholders of each caller (its own entity of each deletable kind). */
	perCaller: Record<string, Record<string, string>>;
}

export async function freshPlaceholders(
	d: Database_,
	w: { eventId: number; admin: Principal; tiers: { id: number }[] },
	callers: readonly string[]
): Promise<FreshPlaceholders> {
	const db = d.db;
	const { eventId, admin } = w;
	const form = await formId(db, 'bk_tinh');
	const holder = await createDecision(db, admin, eventId, { number: '9100/QĐ-UBND', decisionDate: '2025-08-21', formId: form });
	const budgetSource = await createSource(db, admin, eventId, source('Nguồn của các khoản xóa thử', 100_000_000));

	const perCaller: Record<string, Record<string, string>> = {};
	for (const [i, who] of callers.entries()) {
		const label = `xóa thử (${who})`;
		const decision = await createDecision(db, admin, eventId, { number: `${9101 + i}/QĐ-UBND`, decisionDate: '2025-08-21', formId: form });
		const award = await addAward(db, admin, eventId, holder, { kind: 'individual', name: `Người ${label}`, salutation: 'Ông', householdHead: null, position: 'Chuyên viên', unit: 'Sở Nội vụ', achievement: '', notes: '' });
		const lineId = await createLine(db, admin, eventId, line(budgetSource, `Khoản ${label}`));
		const sourceId = await createSource(db, admin, eventId, source(`Nguồn ${label}`, 1_000_000));
		const item = await addProgrammeItem(db, admin, eventId, { kind: 'other', title: `Mục ${label}`, durationMinutes: 5 });
		const [unit] = await inviteUnits(db, admin, eventId, { units: [{ name: `Đơn vị ${label}`, email: null, contactName: '' }] });
		const [delegate] = await db.transaction().execute((tx) =>
			insertDelegates(tx, [{ event_id: eventId, tier_id: w.tiers[w.tiers.length - 1].id, kind: 'person', salutation: 'Bà', full_name: `Đại biểu ${label}`, position: 'Chuyên viên', unit: 'Sở Nội vụ', source: 'manual' }])
		);
		const csv = `Họ và tên,Chức vụ,Đơn vị,Cấp\nNgười nhập ${label},Chuyên viên,Sở Nội vụ,Cấp tỉnh\n`;
		const upload = await createImport(db, admin, eventId, { bytes: new TextEncoder().encode(csv), filename: `xoa-thu-${i}.csv` });
		perCaller[who] = {
			':delDecisionId': String(decision),
			':delAwardId': String(award),
			':delLineId': String(lineId),
			':delSourceId': String(sourceId),
			':delItemId': String(item),
			':delUnitId': String(unit.unitId),
			':delDelegateId': String(delegate.id),
			':delImportId': upload.importId
		};
	}

	// The receipt is written where the started server's file store looks, then recorded with the entry.
	const { sha256, size } = await createLocalFileStore(serverFilesDir(d)).put(PNG);
	const receiptLine = await createLine(db, admin, eventId, line(budgetSource, 'Khoản có chứng từ quét'));
	const expense = await createExpense(
		db,
		admin,
		eventId,
		{ lineId: receiptLine, fundingSourceId: null, spentOn: '2024-04-05', payee: 'Nhà cung cấp thử', voucherNo: 'PC thử quyền', description: 'Chứng từ thử quyền', amount: 50_000, overReason: null },
		{ key: sha256, name: 'chung-tu-thu-quyen.png', type: 'image/png', size, sha256 }
	);
	return { shared: { ':receiptExpenseId': String(expense) }, perCaller };
}
