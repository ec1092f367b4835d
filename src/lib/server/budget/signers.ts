/**
 * Who signs the dự toán and the quyết toán: the organisation's own people, printed under the three signature
 * blocks (người lập, kế toán trưởng, thủ trưởng đơn vị). Kept per organisation (the same accountant and head sign
 * every conference's settlement) in the setting table; an empty name leaves the line for a handwritten one, and
 * an empty preparer prints the name of whoever downloads the report.
 */
import { inTransaction, type Executor } from '$lib/server/db';
import { writeAudit } from '$lib/server/audit';
import { actorOf, requireEventAccess, type Principal } from '$lib/server/auth/access';
import { invalid } from '$lib/server/errors';
import { normalizeText } from '$lib/format';

export const BUDGET_SIGNERS_KEY = 'budget.signers';

export interface BudgetSigners {
	/** Người lập: empty → the user who downloads the report. */
	preparer: string;
	accountantTitle: string;
	accountant: string;
	headTitle: string;
	head: string;
}

export const DEFAULT_SIGNERS: BudgetSigners = {
	preparer: '',
	accountantTitle: 'KẾ TOÁN TRƯỞNG',
	accountant: '',
	headTitle: 'THỦ TRƯỞNG ĐƠN VỊ',
	head: ''
};

const LIMITS: Record<keyof BudgetSigners, number> = { preparer: 100, accountantTitle: 60, accountant: 100, headTitle: 60, head: 100 };
const LABELS: Record<keyof BudgetSigners, string> = {
	preparer: 'Người lập',
	accountantTitle: 'Chức danh kế toán',
	accountant: 'Họ tên kế toán',
	headTitle: 'Chức danh thủ trưởng',
	head: 'Họ tên thủ trưởng'
};

/** Form or JSON values → signers; errors in Vietnamese by field. Titles are printed in capitals. */
export function parseSigners(values: Record<string, unknown>): { ok: true; value: BudgetSigners } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const out = { ...DEFAULT_SIGNERS };
	for (const k of Object.keys(LIMITS) as (keyof BudgetSigners)[]) {
		const raw = values[k];
		if (raw !== undefined && raw !== null && typeof raw !== 'string') {
			errors[k] = `${LABELS[k]}: phải là chữ`;
			continue;
		}
		const v = normalizeText(typeof raw === 'string' ? raw : '');
		if (v.length > LIMITS[k]) errors[k] = `${LABELS[k]}: tối đa ${LIMITS[k]} ký tự`;
		else if (/[<>{}\\]/.test(v)) errors[k] = `${LABELS[k]}: có ký tự không hợp lệ`;
		else if (k === 'accountantTitle' || k === 'headTitle') out[k] = v ? v.toLocaleUpperCase('vi') : DEFAULT_SIGNERS[k];
		else out[k] = v;
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: out };
}

export async function budgetSigners(db: Executor, organisationId: number): Promise<BudgetSigners> {
	const row = await db.selectFrom('setting').select('value').where('organisation_id', '=', organisationId).where('key', '=', BUDGET_SIGNERS_KEY).executeTakeFirst();
	return { ...DEFAULT_SIGNERS, ...((row?.value as Partial<BudgetSigners> | undefined) ?? {}) };
}

/** Saves the organisation's signers (budget.edit on one of its events), with its audit row, in one transaction. */
export async function saveBudgetSigners(db: Executor, principal: Principal, eventId: number, values: Record<string, unknown>): Promise<BudgetSigners> {
	return inTransaction(db, async (tx) => {
		// Access first: a caller without budget.edit learns nothing from the validation of their input.
		const { event } = await requireEventAccess(tx, principal, eventId, 'budget.edit');
		const parsed = parseSigners(values);
		if (!parsed.ok) throw invalid(parsed.errors);
		const orgId = event.organisation_id;
		const before = await budgetSigners(tx, orgId);
		await tx.deleteFrom('setting').where('organisation_id', '=', orgId).where('key', '=', BUDGET_SIGNERS_KEY).execute();
		await tx
			.insertInto('setting')
			.values({ organisation_id: orgId, key: BUDGET_SIGNERS_KEY, value: JSON.stringify(parsed.value), updated_by: principal.user.id })
			.execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'budget.signers.updated',
			entityType: 'organisation',
			entityId: orgId,
			organisationId: orgId,
			eventId,
			data: { before, after: parsed.value }
		});
		return parsed.value;
	});
}
