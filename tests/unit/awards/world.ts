/** Shared set-up for the programme, awards and certificates integration tests (not a test file; kept here
 * because tests/unit/awards is this capability's folder). */
import fs from 'node:fs';
import type { DB } from '../../../src/lib/server/db';
import type { Principal } from '../../../src/lib/server/auth/access';
import { insertDelegates } from '../../../src/lib/server/delegates/repository';
import { commitAwardImport, previewAwardImport } from '../../../src/lib/server/awards/service';

export const AWARDS_FIXTURE = 'tests/fixtures/so-ket-2024-ninh-thuan/awards.xlsx';

export async function formId(db: DB, code: string): Promise<number> {
	const r = await db.selectFrom('award_form').select('id').where('code', '=', code).executeTakeFirstOrThrow();
	return r.id;
}

export interface NewPerson {
	name: string;
	position?: string;
	unit?: string;
	salutation?: 'Ông' | 'Bà' | null;
	rank?: number;
	reply?: 'pending' | 'attending' | 'declined';
}

/** Inserts people into a tier (by position, 1 = first tier) and returns their ids in order. */
export async function addPeople(db: DB, eventId: number, tierPosition: number, people: NewPerson[]): Promise<number[]> {
	const tier = await db.selectFrom('tier').select('id').where('event_id', '=', eventId).where('position', '=', tierPosition).executeTakeFirstOrThrow();
	const rows = await insertDelegates(
		db,
		people.map((p, i) => ({
			event_id: eventId,
			tier_id: tier.id,
			kind: 'person' as const,
			salutation: p.salutation ?? null,
			full_name: p.name,
			position: p.position ?? '',
			unit: p.unit ?? '',
			protocol_rank: p.rank ?? (i + 1) * 10,
			reply_status: p.reply ?? 'attending',
			source: 'manual' as const,
			email: null,
			phone: null
		}))
	);
	return rows.map((r) => r.id);
}

export async function checkIn(db: DB, eventId: number, delegateId: number, at = new Date()): Promise<void> {
	await db.insertInto('check_in').values({ event_id: eventId, delegate_id: delegateId, method: 'manual', checked_in_at: at }).execute();
}

/** Imports the Ninh Thuận fixture as decision 512/QĐ-UBND (Bằng khen tỉnh, 10/4/2024). */
export async function importFixture(db: DB, principal: Principal, eventId: number): Promise<number> {
	const view = await previewAwardImport(db, principal, eventId, new Uint8Array(fs.readFileSync(AWARDS_FIXTURE)), 'awards.xlsx');
	const res = await commitAwardImport(db, principal, eventId, view.importId, {
		decision: {
			number: view.hints.number!,
			decisionDate: view.hints.date!,
			formId: view.suggestedFormId!,
			fund: null,
			signerPrefix: 'KT. CHỦ TỊCH',
			signerTitle: 'PHÓ CHỦ TỊCH',
			signerName: 'Trịnh Minh Hoàng'
		}
	});
	return res.decisionId;
}

/**
 * The programme/awards/certificates part of the role × route world (filled by permissions.test.ts): a
 * programme, a decision with one award, its batch; placeholders ':itemId', ':decisionId', ':awardId',
 * ':batchId', ':formId' and ':code' (the award's verification code, for the public page /v/:code).
 */
export async function awardsPlaceholders(
	d: { db: DB },
	w: { eventId: number; org: { id: number }; admin: Principal }
): Promise<Record<string, string>> {
	const { createProgrammeTemplate, getProgramme } = await import('../../../src/lib/server/programme/service');
	const { addAward, createDecision } = await import('../../../src/lib/server/awards/service');
	const { generateBatches, listBatches } = await import('../../../src/lib/server/awards/batches');
	const db = d.db;
	const admin = w.admin;
	await createProgrammeTemplate(db, admin, w.eventId);
	const itemId = (await getProgramme(db, admin, w.eventId)).items[0].id;
	const form = await formId(db, 'bk_tinh');
	const decisionId = await createDecision(db, admin, w.eventId, { number: '9001/QĐ-UBND', decisionDate: '2025-08-19', formId: form });
	const awardId = await addAward(db, admin, w.eventId, decisionId, { kind: 'individual', name: 'Nguyễn Văn Thử', salutation: 'Ông', householdHead: null, position: 'Chuyên viên', unit: 'Sở Nội vụ', achievement: '', notes: '' });
	await generateBatches(db, admin, w.eventId, { capacity: 10 });
	const batchId = (await listBatches(db, admin, w.eventId)).batches[0].id;
	const a = await db.selectFrom('award').select('verification_code').where('id', '=', awardId).executeTakeFirstOrThrow();
	return {
		':itemId': String(itemId),
		':decisionId': String(decisionId),
		':awardId': String(awardId),
		':batchId': String(batchId),
		':formId': String(form),
		':vcode': a.verification_code
	};
}
