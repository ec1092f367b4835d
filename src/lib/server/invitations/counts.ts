/**
 * How many letters (giấy mời) the event has issued, for the budget (contract with the budget capability:
 * budget/inputs.ts; keep the signature). Read-only.
 *
 * A letter is issued to every active delegate: what "In tất cả giấy mời" prints (lettersSelection 'all'),
 * including a person a unit named (they get their own letter, link and QR) and a substitute. A cancelled
 * delegate's letter and a replaced one's (cử người dự thay: it no longer holds) are not counted.
 * `toPrint` are the letters that can only go on paper: the overview's state "Không có email: in giấy"
 * (no email address and no invitation mail that was not cancelled, as invitationStateOf decides);
 * `emailed` the others, which go (or went) with an email.
 */
import { sql } from 'kysely';
import type { Executor } from '$lib/server/db';

export interface LetterCounts {
	total: number;
	emailed: number;
	toPrint: number;
}

export async function letterCounts(db: Executor, eventId: number): Promise<LetterCounts> {
	const r = await sql<{ total: number | string; emailed: number | string }>`
		select count(*)::bigint as total,
			count(*) filter (where (d.email is not null and d.email <> '') or exists (
				select 1 from mail_message m
				where m.delegate_id = d.id and m.kind = 'invitation' and m.status <> 'cancelled'))::bigint as emailed
		from delegate d
		where d.event_id = ${eventId} and d.status = 'active'`.execute(db);
	const total = Number(r.rows[0]?.total ?? 0);
	const emailed = Number(r.rows[0]?.emailed ?? 0);
	return { total, emailed, toPrint: total - emailed };
}
