/**
 * Lines that follow from the rest of the product (pure). The figures (attendance, letters, booklet pages,
 * awards) are gathered by inputs.ts; here they become a quantity (and, for prize money, a unit price), with
 * the inputs used, so a line shows where its number came from and can tell when it has gone stale.
 */
import type { BudgetCategory } from './tables';
import { formatNumber } from '$lib/format';

export interface AwardFund {
	fund: string;
	fundLabel: string;
	count: number;
	amount: number;
	/** True when the award money is paid from the province's own fund (quỹ TĐKT tỉnh). */
	paidFromProvincialAllocation: boolean;
}

export interface DeriveFacts {
	attendance: { expected: number; present: number | null; source: 'checkin' | 'delegates' };
	/** Expected people per tier id, from the delegate table (same counting rule as attendanceCounts). */
	expectedByTier: Record<number, number>;
	/** Half-day sessions (buổi) and days of the conference, from its start and end. */
	schedule: { sessions: number; days: number };
	letters: { total: number; emailed: number; toPrint: number; source: 'invitations' | 'delegates' };
	/** null: the programme module has no booklet yet ("chưa có dữ liệu"). */
	bookletPages: number | null;
	certificates: number | null;
	awards: AwardFund[] | null;
}

export interface DerivedParams {
	/** Tiers whose delegates are counted (meal support for guests not on a payroll); null = everyone. */
	tierIds?: number[] | null;
	/** Override of the number of sessions (buổi) or days. */
	sessions?: number | null;
	days?: number | null;
	/** letters: 'print' every letter (one copy kept on file) or 'post' those sent by post. */
	letters?: 'print' | 'post';
	/** booklet: copies printed; default the expected attendance. */
	copies?: number | null;
}

export type Derivation =
	| { ok: true; quantityHundredths: number; unitPrice: number | null; inputs: Record<string, unknown>; explanation: string }
	| { ok: false; missing: string };

const n = (x: number) => formatNumber(x);

/**
 * Sessions (buổi: morning before 12:00, afternoon 12:00–18:00, each counted when the conference covers at
 * least an hour of it) and days, in Vietnam time (UTC+7, no daylight saving). No end time: one session.
 */
export function scheduleOf(startsAt: Date, endsAt: Date | null): { sessions: number; days: number } {
	if (!endsAt || endsAt <= startsAt) return { sessions: 1, days: 1 };
	const H = 3600_000;
	const local = (d: Date) => d.getTime() + 7 * H;
	const s = local(startsAt);
	const e = local(endsAt);
	const DAY = 24 * H;
	let sessions = 0;
	let days = 0;
	for (let day = Math.floor(s / DAY) * DAY; day < e; day += DAY) {
		let here = 0;
		for (const [from, to] of [
			[0, 12],
			[12, 18]
		]) {
			const overlap = Math.min(e, day + to * H) - Math.max(s, day + from * H);
			if (overlap >= H) here++;
		}
		sessions += here;
		if (here) days++;
		if (days > 366) break;
	}
	return sessions ? { sessions, days } : { sessions: 1, days: 1 };
}

function people(params: DerivedParams, facts: DeriveFacts): { count: number; inputs: Record<string, unknown>; text: string } {
	if (params.tierIds && params.tierIds.length) {
		const count = params.tierIds.reduce((a, t) => a + (facts.expectedByTier[t] ?? 0), 0);
		return { count, inputs: { people: count, tierIds: params.tierIds, peopleSource: 'delegates' }, text: `${n(count)} người (các cấp đã chọn)` };
	}
	const count = facts.attendance.expected;
	return { count, inputs: { people: count, peopleSource: facts.attendance.source }, text: `${n(count)} đại biểu dự kiến` };
}

/** The quantity (and unit price for prize money) a derived line should have now. */
export function derive(kind: string, category: BudgetCategory, params: DerivedParams, facts: DeriveFacts): Derivation {
	if (kind === 'attendance') {
		const p = people(params, facts);
		if (category === 'refreshments') {
			const sessions = params.sessions ?? facts.schedule.sessions;
			return {
				ok: true,
				quantityHundredths: p.count * sessions * 100,
				unitPrice: null,
				inputs: { ...p.inputs, sessions, sessionsOverridden: params.sessions != null },
				explanation: `${p.text} × ${n(sessions)} buổi`
			};
		}
		if (category === 'meals' || category === 'travel') {
			const days = params.days ?? facts.schedule.days;
			return {
				ok: true,
				quantityHundredths: p.count * days * 100,
				unitPrice: null,
				inputs: { ...p.inputs, days, daysOverridden: params.days != null },
				explanation: `${p.text} × ${n(days)} ngày`
			};
		}
		return { ok: true, quantityHundredths: p.count * 100, unitPrice: null, inputs: p.inputs, explanation: p.text };
	}
	if (kind === 'letters') {
		const l = facts.letters;
		const mode = params.letters ?? 'print';
		const count = mode === 'post' ? l.toPrint : l.total;
		return {
			ok: true,
			quantityHundredths: count * 100,
			unitPrice: null,
			inputs: { letters: mode, total: l.total, emailed: l.emailed, toPrint: l.toPrint, source: l.source },
			explanation:
				mode === 'post'
					? `${n(count)} giấy mời gửi qua bưu điện (không có email)`
					: `${n(count)} giấy mời (${n(l.emailed)} gửi kèm email, ${n(l.toPrint)} chỉ gửi bản giấy)`
		};
	}
	if (kind === 'booklet') {
		if (facts.bookletPages == null) return { ok: false, missing: 'Chưa có dữ liệu số trang tài liệu (kỷ yếu, tham luận).' };
		const copies = params.copies ?? facts.attendance.expected;
		return {
			ok: true,
			quantityHundredths: copies * facts.bookletPages * 100,
			unitPrice: null,
			inputs: { copies, pages: facts.bookletPages, copiesOverridden: params.copies != null },
			explanation: `${n(copies)} bộ × ${n(facts.bookletPages)} trang`
		};
	}
	if (kind === 'certificates') {
		if (facts.certificates == null) return { ok: false, missing: 'Chưa có dữ liệu số bằng khen.' };
		return {
			ok: true,
			quantityHundredths: facts.certificates * 100,
			unitPrice: null,
			inputs: { certificates: facts.certificates },
			explanation: `${n(facts.certificates)} bằng khen`
		};
	}
	if (kind.startsWith('awards:')) {
		if (facts.awards == null) return { ok: false, missing: 'Chưa có dữ liệu khen thưởng.' };
		const code = kind.slice('awards:'.length);
		const f = facts.awards.find((a) => a.fund === code);
		const count = f?.count ?? 0;
		const amount = f?.amount ?? 0;
		return {
			ok: true,
			quantityHundredths: 100,
			unitPrice: amount,
			inputs: { fund: code, fundLabel: f?.fundLabel ?? code, count, amount, paidFromProvincialAllocation: f?.paidFromProvincialAllocation ?? null },
			explanation: f ? `${n(count)} suất khen thưởng, ${f.fundLabel}: ${n(amount)} đ` : 'chưa có khen thưởng nào chi từ quỹ này'
		};
	}
	return { ok: false, missing: `Không biết cách tính “${kind}”.` };
}

/** Reads a line's stored params (jsonb) into DerivedParams, ignoring anything unexpected. */
export function readParams(raw: unknown): DerivedParams {
	const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	const pos = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 10_000_000 ? v : null);
	const out: DerivedParams = {};
	if (Array.isArray(o.tierIds)) out.tierIds = o.tierIds.filter((t): t is number => typeof t === 'number' && Number.isSafeInteger(t) && t > 0);
	if (pos(o.sessions) != null) out.sessions = pos(o.sessions);
	if (pos(o.days) != null) out.days = pos(o.days);
	if (pos(o.copies) != null) out.copies = pos(o.copies);
	if (o.letters === 'post' || o.letters === 'print') out.letters = o.letters;
	return out;
}
