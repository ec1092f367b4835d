/**
 * The budget at a glance (read model for the pages, the API and the reports): per source allocated /
 * estimated / spent / remaining, per line estimate vs actual, per category for the chart, the entries, and
 * the warnings a finance officer should see. All sums are integer đồng added in BigInt (sumMoney).
 */
import type { Executor } from '$lib/server/db';
import { requireEventAccess, type EventRow, type Principal } from '$lib/server/auth/access';
import { can, type Role } from '$lib/server/auth/permissions';
import { formatNumber } from '$lib/format';
import { CATEGORIES, CATEGORY_LABELS, FUND_TYPE_LABELS, derivedLabel } from './labels';
import { formatQuantity, lineAmount, quantityFromDb, sumMoney } from './money';
import { derive, readParams, type DeriveFacts } from './derive';
import { gatherFacts } from './inputs';
import { eventDay } from './service';
import type { BudgetCategory, FundType } from './tables';

export interface SourceSummary {
	id: number;
	name: string;
	fundType: FundType;
	fundTypeLabel: string;
	decisionNo: string;
	decisionDate: string | null;
	issuer: string;
	notes: string;
	allocated: number;
	estimated: number;
	spent: number;
	/** allocated − spent */
	remaining: number;
	/** allocated − estimated (negative: the dự toán is over the allocation) */
	unplanned: number;
}

export interface LineSummary {
	id: number;
	code: string;
	fundingSourceId: number;
	category: BudgetCategory;
	categoryLabel: string;
	description: string;
	unit: string;
	quantity: string;
	quantityHundredths: number;
	quantityText: string;
	unitPrice: number;
	amount: number;
	spent: number;
	variance: number;
	norm: { id: number; name: string; maxAmount: number | null; verified: boolean; legalBasis: string; unit: string } | null;
	overNorm: boolean;
	overReason: string | null;
	notes: string;
	derived: null | {
		from: string;
		label: string;
		params: Record<string, unknown>;
		inputs: Record<string, unknown> | null;
		at: string | null;
		/** What the data says now; null when the data is missing. */
		current: { quantityHundredths: number; unitPrice: number; amount: number; explanation: string } | null;
		missing: string | null;
		stale: boolean;
	};
	expenseCount: number;
	vouchers: string[];
}

export interface ExpenseSummary {
	id: number;
	lineId: number;
	lineCode: string;
	lineDescription: string;
	fundingSourceId: number;
	sourceName: string;
	spentOn: string;
	payee: string;
	voucherNo: string;
	description: string;
	amount: number;
	reversesId: number | null;
	reversedById: number | null;
	overReason: string | null;
	receipt: { name: string; type: string; size: number } | null;
	createdAt: string;
}

export interface BudgetNotice {
	level: 'danger' | 'warning' | 'info';
	code: string;
	message: string;
	lineId?: number;
	sourceId?: number;
}

export interface BudgetSummary {
	event: { id: number; title: string; organisationId: number; date: string; placeName: string; venue: string; startsAt: string };
	organisation: { id: number; name: string };
	canEdit: boolean;
	role: Role;
	sources: SourceSummary[];
	lines: LineSummary[];
	expenses: ExpenseSummary[];
	categories: { category: BudgetCategory; label: string; estimate: number; actual: number }[];
	totals: { allocated: number; estimated: number; spent: number; remaining: number; unplanned: number };
	notices: BudgetNotice[];
	facts: DeriveFacts;
}

const d = (n: number) => `${formatNumber(n)} đ`;

/** Everything about an event's budget, for a principal with budget.view. */
export async function getBudget(db: Executor, principal: Principal, eventId: number, opts: { facts?: DeriveFacts } = {}): Promise<BudgetSummary> {
	const { event, role } = await requireEventAccess(db, principal, eventId, 'budget.view');
	return budgetOf(db, event, role, opts.facts);
}

export async function budgetOf(db: Executor, event: EventRow, role: Role, factsIn?: DeriveFacts): Promise<BudgetSummary> {
	const eventId = event.id;
	const [org, sourceRows, lineRows, expenseRows, facts] = await Promise.all([
		db.selectFrom('organisation').select(['id', 'name']).where('id', '=', event.organisation_id).executeTakeFirstOrThrow(),
		db.selectFrom('funding_source').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('id').execute(),
		db
			.selectFrom('budget_line')
			.leftJoin('budget_norm', 'budget_norm.id', 'budget_line.norm_id')
			.selectAll('budget_line')
			.select([
				'budget_norm.name as norm_name',
				'budget_norm.max_amount as norm_max',
				'budget_norm.verified as norm_verified',
				'budget_norm.legal_basis as norm_basis',
				'budget_norm.unit as norm_unit'
			])
			.where('budget_line.event_id', '=', eventId)
			.orderBy('budget_line.position')
			.orderBy('budget_line.id')
			.execute(),
		db.selectFrom('expense').selectAll().where('event_id', '=', eventId).orderBy('spent_on').orderBy('id').execute(),
		factsIn ? Promise.resolve(factsIn) : gatherFacts(db, eventId)
	]);

	// Line codes follow the dự toán's layout: source number (I, II…) and line number within it.
	const sourceIndex = new Map(sourceRows.map((s, i) => [s.id, i]));
	const perSourceCounter = new Map<number, number>();
	const orderedLines = [...lineRows].sort((a, b) => (sourceIndex.get(a.funding_source_id)! - sourceIndex.get(b.funding_source_id)!) || a.position - b.position || a.id - b.id);
	const codeOf = new Map<number, string>();
	for (const l of orderedLines) {
		const k = (perSourceCounter.get(l.funding_source_id) ?? 0) + 1;
		perSourceCounter.set(l.funding_source_id, k);
		codeOf.set(l.id, `${roman(sourceIndex.get(l.funding_source_id)! + 1)}.${k}`);
	}

	const spentByLine = new Map<number, number[]>();
	const vouchersByLine = new Map<number, string[]>();
	const reversedBy = new Map<number, number>();
	for (const e of expenseRows) {
		(spentByLine.get(e.line_id) ?? spentByLine.set(e.line_id, []).get(e.line_id)!).push(e.amount);
		if (e.reverses_id) reversedBy.set(e.reverses_id, e.id);
	}
	// Vouchers that stand (neither reversed nor reversals), as the settlement lists them.
	for (const e of expenseRows)
		if (!e.reverses_id && !reversedBy.has(e.id)) (vouchersByLine.get(e.line_id) ?? vouchersByLine.set(e.line_id, []).get(e.line_id)!).push(e.voucher_no);

	const notices: BudgetNotice[] = [];
	const lines: LineSummary[] = orderedLines.map((l) => {
		const q = quantityFromDb(l.quantity);
		const spent = sumMoney(spentByLine.get(l.id) ?? []);
		const overNorm = l.norm_max != null && l.unit_price > l.norm_max;
		let derived: LineSummary['derived'] = null;
		if (l.derived_from) {
			const r = derive(l.derived_from, l.category, readParams(l.derived_params), facts);
			const current = r.ok
				? { quantityHundredths: r.quantityHundredths, unitPrice: r.unitPrice ?? l.unit_price, amount: lineAmount(r.quantityHundredths, r.unitPrice ?? l.unit_price), explanation: r.explanation }
				: null;
			const stale = !!current && (current.quantityHundredths !== q || current.unitPrice !== l.unit_price);
			derived = {
				from: l.derived_from,
				label: derivedLabel(l.derived_from) ?? l.derived_from,
				params: readParams(l.derived_params) as Record<string, unknown>,
				inputs: l.derived_inputs,
				at: l.derived_at?.toISOString() ?? null,
				current,
				missing: r.ok ? null : r.missing,
				stale
			};
			if (stale)
				notices.push({
					level: 'warning',
					code: 'derived_stale',
					lineId: l.id,
					message: `“${l.description}”: số liệu đã thay đổi (${current!.explanation} → ${d(current!.amount)}). Bấm “Tính lại theo số liệu mới”.`
				});
			if (!r.ok) notices.push({ level: 'info', code: 'derived_missing', lineId: l.id, message: `“${l.description}”: ${r.missing}` });
		}
		if (overNorm)
			notices.push({
				level: l.over_reason ? 'warning' : 'danger',
				code: 'over_norm',
				lineId: l.id,
				message: `“${l.description}”: đơn giá ${d(l.unit_price)} vượt định mức ${d(l.norm_max!)}${l.over_reason ? ` — lý do: ${l.over_reason}` : ''}.`
			});
		if (l.norm_id && l.norm_verified === false)
			notices.push({ level: 'info', code: 'norm_unverified', lineId: l.id, message: `“${l.description}” dùng định mức chưa xác minh: “${l.norm_name}”.` });
		if (spent > l.amount)
			notices.push({ level: 'danger', code: 'over_line_estimate', lineId: l.id, message: `“${l.description}”: thực chi ${d(spent)} vượt dự toán ${d(l.amount)}.` });
		return {
			id: l.id,
			code: codeOf.get(l.id)!,
			fundingSourceId: l.funding_source_id,
			category: l.category,
			categoryLabel: CATEGORY_LABELS[l.category],
			description: l.description,
			unit: l.unit,
			quantity: l.quantity,
			quantityHundredths: q,
			quantityText: formatQuantity(q),
			unitPrice: l.unit_price,
			amount: l.amount,
			spent,
			variance: l.amount - spent,
			norm: l.norm_id
				? { id: l.norm_id, name: l.norm_name ?? '', maxAmount: l.norm_max ?? null, verified: !!l.norm_verified, legalBasis: l.norm_basis ?? '', unit: l.norm_unit ?? '' }
				: null,
			overNorm,
			overReason: l.over_reason,
			notes: l.notes,
			derived,
			expenseCount: (spentByLine.get(l.id) ?? []).length,
			vouchers: vouchersByLine.get(l.id) ?? []
		};
	});

	const sources: SourceSummary[] = sourceRows.map((s) => {
		const estimated = sumMoney(lines.filter((l) => l.fundingSourceId === s.id).map((l) => l.amount));
		const spent = sumMoney(expenseRows.filter((e) => e.funding_source_id === s.id).map((e) => e.amount));
		if (estimated > s.amount)
			notices.push({ level: 'danger', code: 'over_allocation', sourceId: s.id, message: `Nguồn “${s.name}”: dự toán ${d(estimated)} vượt số được giao ${d(s.amount)}.` });
		if (spent > s.amount)
			notices.push({ level: 'danger', code: 'over_source_spent', sourceId: s.id, message: `Nguồn “${s.name}”: đã chi ${d(spent)} vượt số được giao ${d(s.amount)}.` });
		return {
			id: s.id,
			name: s.name,
			fundType: s.fund_type,
			fundTypeLabel: FUND_TYPE_LABELS[s.fund_type],
			decisionNo: s.decision_no,
			decisionDate: s.decision_date,
			issuer: s.issuer,
			notes: s.notes,
			allocated: s.amount,
			estimated,
			spent,
			remaining: s.amount - spent,
			unplanned: s.amount - estimated
		};
	});

	const lineById = new Map(lines.map((l) => [l.id, l]));
	const sourceById = new Map(sources.map((s) => [s.id, s]));
	const expenses: ExpenseSummary[] = expenseRows.map((e) => ({
		id: e.id,
		lineId: e.line_id,
		lineCode: lineById.get(e.line_id)?.code ?? '',
		lineDescription: lineById.get(e.line_id)?.description ?? '',
		fundingSourceId: e.funding_source_id,
		sourceName: sourceById.get(e.funding_source_id)?.name ?? '',
		spentOn: e.spent_on,
		payee: e.payee,
		voucherNo: e.voucher_no,
		description: e.description,
		amount: e.amount,
		reversesId: e.reverses_id,
		reversedById: reversedBy.get(e.id) ?? null,
		overReason: e.over_reason,
		receipt: e.receipt_key ? { name: e.receipt_name ?? '', type: e.receipt_type ?? '', size: e.receipt_size ?? 0 } : null,
		createdAt: e.created_at.toISOString()
	}));
	const missingReceipts = expenses.filter((e) => !e.receipt && !e.reversesId && !e.reversedById).length;
	if (missingReceipts) notices.push({ level: 'info', code: 'missing_receipt', message: `${missingReceipts} chứng từ chưa đính kèm bản quét.` });

	const categories = CATEGORIES.map((c) => ({
		category: c,
		label: CATEGORY_LABELS[c],
		estimate: sumMoney(lines.filter((l) => l.category === c).map((l) => l.amount)),
		actual: sumMoney(lines.filter((l) => l.category === c).map((l) => l.spent))
	})).filter((c) => c.estimate || c.actual);

	const allocated = sumMoney(sources.map((s) => s.allocated));
	const estimated = sumMoney(sources.map((s) => s.estimated));
	const spent = sumMoney(sources.map((s) => s.spent));
	const order = { danger: 0, warning: 1, info: 2 };
	notices.sort((a, b) => order[a.level] - order[b.level]);
	return {
		event: {
			id: event.id,
			title: event.title,
			organisationId: event.organisation_id,
			date: eventDay(event),
			placeName: event.place_name,
			venue: event.venue,
			startsAt: event.starts_at.toISOString()
		},
		organisation: { id: org.id, name: org.name },
		canEdit: can(role, 'budget.edit'),
		role,
		sources,
		lines,
		expenses,
		categories,
		totals: { allocated, estimated, spent, remaining: allocated - spent, unplanned: allocated - estimated },
		notices,
		facts
	};
}

const ROMAN: [number, string][] = [
	[10, 'X'],
	[9, 'IX'],
	[5, 'V'],
	[4, 'IV'],
	[1, 'I']
];

/** 1 → I, 4 → IV, 12 → XII (source numbers in the dự toán). */
export function roman(n: number): string {
	let out = '';
	for (const [v, s] of ROMAN) while (n >= v) ((out += s), (n -= v));
	return out;
}
