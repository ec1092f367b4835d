/**
 * What other capabilities read from tham luận (a stable contract: keep these signatures).
 * - the programme (issue 6) puts the tham luận selected for presentation into the conference programme;
 * - the budget (issue 7) estimates printing costs from the pages of the last generated booklet.
 * Plain reads scoped by event: the caller has already checked access to the event.
 */
import type { Executor } from '$lib/server/db';

export interface PresentedSubmission {
	id: number;
	title: string;
	/** The unit (office) that sent it. */
	unit: string;
	presenterName: string;
	presenterPosition: string;
	/** 1, 2, 3… in speaking order. */
	order: number;
	speakingMinutes: number;
}

/** Default speaking time when neither the tham luận nor the call sets one. */
export const DEFAULT_SPEAKING_MINUTES = 7;

/** Tham luận selected for presentation, in speaking order. */
export async function presentedSubmissions(db: Executor, eventId: number): Promise<PresentedSubmission[]> {
	const rows = await db
		.selectFrom('submission')
		.innerJoin('submission_unit', 'submission_unit.id', 'submission.unit_id')
		.leftJoin('submission_call', 'submission_call.event_id', 'submission.event_id')
		.select([
			'submission.id',
			'submission.title',
			'submission_unit.name as unit',
			'submission.presenter_name',
			'submission.presenter_position',
			'submission.presentation_order',
			'submission.speaking_minutes',
			'submission_call.speaking_minutes as call_minutes'
		])
		.where('submission.event_id', '=', eventId)
		.where('submission.kind', '=', 'tham_luan')
		.where('submission.status', '=', 'presented')
		.orderBy('submission.presentation_order', 'asc')
		.orderBy('submission.id', 'asc')
		.execute();
	return rows.map((r, i) => ({
		id: r.id,
		title: r.title,
		unit: r.unit,
		presenterName: r.presenter_name,
		presenterPosition: r.presenter_position,
		order: i + 1,
		speakingMinutes: r.speaking_minutes ?? r.call_minutes ?? DEFAULT_SPEAKING_MINUTES
	}));
}

/** Pages of the last generated booklet (tài liệu hội nghị), or null when none was generated. */
export async function bookletPageCount(db: Executor, eventId: number): Promise<number | null> {
	const row = await db
		.selectFrom('submission_booklet')
		.select('page_count')
		.where('event_id', '=', eventId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? row.page_count : null;
}
