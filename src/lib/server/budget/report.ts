/**
 * What the dự toán and quyết toán documents say, independent of the format (.xlsx or PDF): the letterhead,
 * the title, the sections (one per funding source), the totals, the amount in words and the signature blocks.
 */
import { amountInWords, formatDate, formatDateLine, formatNumber } from '$lib/format';
import { FUND_TYPE_LABELS } from './labels';
import type { BudgetSummary, LineSummary, SourceSummary } from './summary';
import { roman } from './summary';
import { DEFAULT_SIGNERS, type BudgetSigners } from './signers';

export type ReportKind = 'estimate' | 'settlement';

export interface ReportHead {
	kind: ReportKind;
	/** "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA" (the authority above the unit), may be empty. */
	authority: string;
	/** The unit that prepares the document (the organisation). */
	unit: string;
	title: string;
	subtitle: string;
	when: string;
	dateLine: string;
	signers: { title: string; hint: string; name: string }[];
	fileName: string;
}

export interface ReportSection {
	code: string;
	source: SourceSummary;
	/** "Nguồn: … (QĐ số …, ngày …)" */
	heading: string;
	lines: LineSummary[];
}

export function sectionsOf(b: BudgetSummary): ReportSection[] {
	return b.sources.map((s, i) => ({
		code: roman(i + 1),
		source: s,
		heading: `${s.name}${decisionText(s)}`,
		lines: b.lines.filter((l) => l.fundingSourceId === s.id)
	}));
}

export function decisionText(s: Pick<SourceSummary, 'decisionNo' | 'decisionDate' | 'issuer'>): string {
	const parts: string[] = [];
	if (s.decisionNo) parts.push(`Quyết định số ${s.decisionNo}`);
	if (s.decisionDate) parts.push(`ngày ${formatDate(s.decisionDate)}`);
	if (s.issuer) parts.push(`của ${s.issuer}`);
	return parts.length ? ` (${parts.join(' ')})` : '';
}

/** The "Căn cứ, ghi chú" text of a dự toán line: norm, derivation, over-norm reason, notes. */
export function lineBasis(l: LineSummary): string {
	const parts: string[] = [];
	if (l.norm)
		parts.push(
			`Định mức${l.norm.maxAmount != null ? ` ${formatNumber(l.norm.maxAmount)} ${l.norm.unit || 'đồng'}` : ''}: ${l.norm.legalBasis || l.norm.name}${l.norm.verified ? '' : ' (chưa xác minh)'}`
		);
	if (l.derived) {
		const ex = (l.derived.inputs?.explanation as string | undefined) ?? null;
		parts.push(`Tính ${l.derived.label}${ex ? `: ${ex}` : ''}`);
	}
	if (l.overReason) parts.push(`Lý do vượt: ${l.overReason}`);
	if (l.notes) parts.push(l.notes);
	return parts.join('. ');
}

export function fundTypeText(s: SourceSummary): string {
	return FUND_TYPE_LABELS[s.fundType];
}

export function reportHead(
	b: BudgetSummary,
	kind: ReportKind,
	ev: { authorityParent: string; authorityName: string; placeName: string; venue: string; startsAt: Date },
	preparer: string,
	now = new Date(),
	signers: BudgetSigners = DEFAULT_SIGNERS
): ReportHead {
	const authority = [ev.authorityParent, ev.authorityName].filter(Boolean).join(' ').toUpperCase();
	return {
		kind,
		authority,
		unit: b.organisation.name.toUpperCase(),
		title: kind === 'estimate' ? 'DỰ TOÁN KINH PHÍ' : 'QUYẾT TOÁN KINH PHÍ',
		subtitle: `Tổ chức ${b.event.title}`,
		when: `Thời gian: ${formatDate(ev.startsAt)}${ev.venue ? `; địa điểm: ${ev.venue}` : ''}`,
		dateLine: ev.placeName ? formatDateLine(ev.placeName, now) : formatDateLine('', now).replace(/^,\s*/, ''),
		signers: [
			{ title: 'NGƯỜI LẬP', hint: '(Ký, ghi rõ họ tên)', name: signers.preparer || preparer },
			{ title: signers.accountantTitle || DEFAULT_SIGNERS.accountantTitle, hint: '(Ký, ghi rõ họ tên)', name: signers.accountant },
			{ title: signers.headTitle || DEFAULT_SIGNERS.headTitle, hint: '(Ký, họ tên, đóng dấu)', name: signers.head }
		],
		fileName: `${kind === 'estimate' ? 'du-toan' : 'quyet-toan'}-hoi-nghi-${b.event.id}`
	};
}

export function wordsLine(label: string, amount: number): string {
	return `${label}: ${amountInWords(amount, { chan: amount !== 0 && amount % 1000 === 0 })}.`;
}
