/**
 * Who is present: the contract other capabilities build on (awards flag absent recipients and pick presenting
 * leaders among present delegates; the budget derives refreshments and meals from the counts).
 *
 * Presence of a delegate: an attendance mark, when someone set one by hand (present / partial count as
 * present, absent does not), wins over the door; otherwise an active (not undone) check-in.
 *
 * Every check-in change (scan, manual, walk-in, undo, a time corrected by an offline scan, a mark) sends
 * NOTIFY CHECKIN_CHANNEL with the JSON payload { eventId, delegateId, kind } inside its transaction, so
 * every app instance sharing the database hears it once it commits.
 */
import { sql } from 'kysely';
import type { Executor } from '$lib/server/db';

export const CHECKIN_CHANNEL = 'hn_checkin';

export type CheckinChangeKind = 'checked_in' | 'undone' | 'time_corrected' | 'marked' | 'walk_in';

export interface CheckinNotification {
	eventId: number;
	delegateId: number;
	kind: CheckinChangeKind;
}

export interface Presence {
	present: boolean;
	/** The recorded arrival at the door; null when not checked in (or present only by a mark). */
	checkedInAt: Date | null;
}

/*
 * Both queries below look up each delegate's check-in and mark by the delegate's id (one index probe per
 * delegate), never by the event: a join on `check_in.event_id = …` let the planner pick, whenever its
 * figures said the event had few check-ins (a table never analysed, which is PGlite's normal state, or a new
 * event in a table analysed before it started), a nested loop reading all of the event's check-ins for every
 * delegate: 11 s for the counts at 15 000 delegates (npm run bench -- growth). A delegate's check-ins and
 * mark are always those of the delegate's own event.
 */

/** Presence of every delegate of the event (any status), by delegate id. */
export async function presenceOf(db: Executor, eventId: number): Promise<Map<number, Presence>> {
	const { rows } = await sql<{ id: number; checked_in_at: Date | null; mark: string | null }>`
		select d.id,
			(select c.checked_in_at from check_in c where c.delegate_id = d.id and c.undone_at is null limit 1) as checked_in_at,
			(select m.status from attendance_mark m where m.delegate_id = d.id limit 1) as mark
		from delegate d
		where d.event_id = ${eventId}`.execute(db);
	const out = new Map<number, Presence>();
	for (const r of rows) {
		const present = r.mark ? r.mark !== 'absent' : r.checked_in_at != null;
		out.set(r.id, { present, checkedInAt: r.checked_in_at ?? null });
	}
	return out;
}

/**
 * Expected and present people of the event.
 * - expected: active delegates who have not declined (a delegate who declined but came is counted, since
 *   they are there); a unit invitation counts only while it names nobody, and then as one row;
 * - present: those of them present (see presenceOf). Walk-ins are active delegates, so they add to both.
 */
export async function attendanceCounts(db: Executor, eventId: number): Promise<{ expected: number; present: number }> {
	const r = await sql<{ expected: string | number; present: string | number }>`
		with p as (
			select d.id, d.reply_status,
				coalesce(
					(select m.status <> 'absent' from attendance_mark m where m.delegate_id = d.id limit 1),
					exists (select 1 from check_in c where c.delegate_id = d.id and c.undone_at is null)
				) as present
			from delegate d
			where d.event_id = ${eventId} and d.status = 'active'
				and not (d.kind = 'unit' and exists (
					select 1 from delegate ch where ch.parent_unit_id = d.id and ch.status = 'active'))
		)
		select count(*) filter (where reply_status <> 'declined' or present) as expected,
			count(*) filter (where present) as present
		from p`.execute(db);
	const row = r.rows[0];
	return { expected: Number(row?.expected ?? 0), present: Number(row?.present ?? 0) };
}
