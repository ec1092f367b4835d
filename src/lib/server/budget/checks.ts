/**
 * The checks a finance officer expects before a figure is saved (pure; the service feeds them figures read
 * under a row lock). A warning with `needsReason` blocks the save until a reason is given; the reason is
 * kept on the row and in the audit log.
 */
import { formatNumber } from '$lib/format';

export type WarningCode =
	| 'over_norm'
	| 'over_allocation'
	| 'over_line_estimate'
	| 'over_source_spent'
	| 'norm_unverified'
	| 'norm_rate_missing'
	| 'norm_not_in_force';

export interface BudgetWarning {
	code: WarningCode;
	needsReason: boolean;
	message: string;
	/** How much over, in đồng (for over_* codes). */
	excess?: number;
}

export interface NormFacts {
	name: string;
	maxAmount: number | null;
	verified: boolean;
	effectiveFrom: string | null;
	effectiveTo: string | null;
	legalBasis: string;
}

const d = (n: number) => `${formatNumber(n)} đ`;

/** Checks of a dự toán line against its norm and its source's allocation. */
export function lineWarnings(input: {
	unitPrice: number;
	amount: number;
	norm: NormFacts | null;
	/** 'YYYY-MM-DD' of the conference (Vietnam time). */
	eventDate: string;
	source: { name: string; allocated: number; otherLinesTotal: number };
}): BudgetWarning[] {
	const out: BudgetWarning[] = [];
	const n = input.norm;
	if (n) {
		if (n.maxAmount == null) {
			out.push({
				code: 'norm_rate_missing',
				needsReason: false,
				message: `Định mức “${n.name}” chưa có mức chi: chưa so sánh được.`
			});
		} else if (input.unitPrice > n.maxAmount) {
			out.push({
				code: 'over_norm',
				needsReason: true,
				excess: input.unitPrice - n.maxAmount,
				message: `Đơn giá ${d(input.unitPrice)} vượt định mức ${d(n.maxAmount)} là ${d(input.unitPrice - n.maxAmount)} (“${n.name}”${n.legalBasis ? `; ${n.legalBasis}` : ''}).`
			});
		}
		if (!n.verified) {
			out.push({ code: 'norm_unverified', needsReason: false, message: `Định mức “${n.name}” chưa xác minh căn cứ pháp lý.` });
		}
		if ((n.effectiveFrom && input.eventDate < n.effectiveFrom) || (n.effectiveTo && input.eventDate > n.effectiveTo)) {
			out.push({
				code: 'norm_not_in_force',
				needsReason: false,
				message: `Định mức “${n.name}” không có hiệu lực vào ngày hội nghị.`
			});
		}
	}
	const total = input.source.otherLinesTotal + input.amount;
	if (total > input.source.allocated) {
		out.push({
			code: 'over_allocation',
			needsReason: true,
			excess: total - input.source.allocated,
			message: `Tổng dự toán của nguồn “${input.source.name}” sẽ là ${d(total)}, vượt số được giao ${d(input.source.allocated)} là ${d(total - input.source.allocated)}.`
		});
	}
	return out;
}

/** Checks of a thực chi entry against its line's estimate and its source's allocation. */
export function expenseWarnings(input: {
	amount: number;
	line: { description: string; estimate: number; spent: number };
	source: { name: string; allocated: number; spent: number };
}): BudgetWarning[] {
	const out: BudgetWarning[] = [];
	const lineAfter = input.line.spent + input.amount;
	if (input.amount > 0 && lineAfter > input.line.estimate) {
		out.push({
			code: 'over_line_estimate',
			needsReason: true,
			excess: lineAfter - input.line.estimate,
			message: `Đã chi cho khoản “${input.line.description}” sẽ là ${d(lineAfter)}, vượt dự toán ${d(input.line.estimate)} là ${d(lineAfter - input.line.estimate)}.`
		});
	}
	const sourceAfter = input.source.spent + input.amount;
	if (input.amount > 0 && sourceAfter > input.source.allocated) {
		out.push({
			code: 'over_source_spent',
			needsReason: true,
			excess: sourceAfter - input.source.allocated,
			message: `Đã chi từ nguồn “${input.source.name}” sẽ là ${d(sourceAfter)}, vượt số được giao ${d(input.source.allocated)} là ${d(sourceAfter - input.source.allocated)}.`
		});
	}
	return out;
}

export function needingReason(ws: BudgetWarning[]): BudgetWarning[] {
	return ws.filter((w) => w.needsReason);
}
