/**
 * What the budget reads from awards (contract with the budget capability; keep the signatures).
 *
 * Prize money is paid by the fund of the level that issued the award (Luật TĐKT 2022 Điều 11 khoản 4):
 * - 'province_fund': Bằng khen of the Chủ tịch UBND tỉnh → quỹ thi đua, khen thưởng tỉnh;
 * - 'central': Huân chương, Bằng khen of the Thủ tướng → paid centrally (pass-through for the province);
 * - 'issuing_unit': Giấy khen → the fund of the sở or xã that issued it.
 * Amounts are those recorded on the awards (see service.ts), not recomputed here.
 */
import type { Executor } from '$lib/server/db';
import { FUND_LABELS } from './rules';
import type { Fund } from './tables';

export interface AwardFundTotal {
	fund: string;
	fundLabel: string;
	count: number;
	amount: number;
	/** True only for the provincial emulation fund: the money the province itself pays out. */
	paidFromProvincialAllocation: boolean;
}

const FUND_ORDER: Fund[] = ['province_fund', 'issuing_unit', 'central'];

/** Prize money of the event's awards, by paying fund (funds without awards are left out). */
export async function awardTotalsByFund(db: Executor, eventId: number): Promise<AwardFundTotal[]> {
	const rows = await db
		.selectFrom('award')
		.select(['fund', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<string>('amount').as('amount')])
		.where('event_id', '=', eventId)
		.groupBy('fund')
		.execute();
	return rows
		.map((r) => ({
			fund: r.fund,
			fundLabel: FUND_LABELS[r.fund as Fund] ?? r.fund,
			count: Number(r.n),
			amount: Number(r.amount ?? 0),
			paidFromProvincialAllocation: r.fund === 'province_fund'
		}))
		.sort((a, b) => FUND_ORDER.indexOf(a.fund as Fund) - FUND_ORDER.indexOf(b.fund as Fund));
}

/**
 * Certificates (bằng / giấy khen, each with a frame) the organiser prints: awards whose form the province
 * prints itself. Huân chương and Bằng khen of the Thủ tướng arrive printed and framed from the centre.
 */
export async function certificateCount(db: Executor, eventId: number): Promise<number> {
	const r = await db
		.selectFrom('award')
		.innerJoin('award_decision', 'award_decision.id', 'award.decision_id')
		.innerJoin('award_form', 'award_form.id', 'award_decision.form_id')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('award.event_id', '=', eventId)
		.where('award_form.prints_certificate', '=', true)
		.executeTakeFirst();
	return Number(r?.n ?? 0);
}
