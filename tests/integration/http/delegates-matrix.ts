/**
 * The delegates part of the role × route world: a delegate of its own (read and edited; the DELETE cases
 * cancel delegates of fresh-matrix.ts), a seated front row so the seating PDFs render, and an uploaded list
 * waiting for its commit.
 * Placeholders (:dlgId, :dlgTier, :importId) are filled by permissions.test.ts.
 */
import type { Database_ } from '../../../src/lib/server/db';
import type { Principal } from '../../../src/lib/server/auth/access';
import { insertDelegates } from '../../../src/lib/server/delegates/repository';
import { fillSeats } from '../../../src/lib/server/delegates/seating';
import { createImport } from '../../../src/lib/server/delegates/import';

export async function delegatePlaceholders(
	d: Database_,
	w: { eventId: number; admin: Principal; tiers: { id: number }[] }
): Promise<Record<string, string>> {
	const [row] = await d.db.transaction().execute(async (tx) => {
		const rows = await insertDelegates(tx, [
			{ event_id: w.eventId, tier_id: w.tiers[0].id, kind: 'person', salutation: 'Ông', full_name: 'Trần Văn Ma Trận', position: 'Phó Giám đốc', unit: 'Sở Xây dựng', phone: '0912000999', source: 'manual' }
		]);
		await fillSeats(tx, w.eventId, { mode: 'all' });
		return rows;
	});
	const csv = 'Họ và tên,Chức vụ,Đơn vị,Cấp\nLê Thị Nhập Thử,Chuyên viên,Sở Nội vụ,Cấp tỉnh\n';
	const p = await createImport(d.db, w.admin, w.eventId, { bytes: new TextEncoder().encode(csv), filename: 'thu-quyen.csv' });
	return { ':dlgId': String(row.id), ':dlgTier': String(w.tiers[0].id), ':importId': p.importId };
}
