/** The event's ceremony settings row (stage capacity, stage pointer, MC script draft, certificate layout). */
import { sql } from 'kysely';
import type { Executor } from '$lib/server/db';
import type { CeremonySettingTable } from './tables';
import type { Selectable } from 'kysely';

export const DEFAULT_STAGE_CAPACITY = 10;

export type CeremonySetting = Selectable<CeremonySettingTable>;

export async function getCeremonySetting(db: Executor, eventId: number): Promise<CeremonySetting> {
	const row = await db.selectFrom('ceremony_setting').selectAll().where('event_id', '=', eventId).executeTakeFirst();
	return (
		row ?? {
			event_id: eventId,
			stage_capacity: DEFAULT_STAGE_CAPACITY,
			current_batch_id: null,
			script_text: null,
			script_generated_at: null,
			script_updated_at: null,
			script_updated_by: null,
			certificate_layout: null,
			certificate_options: {},
			updated_at: new Date(0)
		}
	);
}

/** Creates the row if needed and sets the given columns (call inside the change's transaction). */
export async function updateCeremonySetting(
	db: Executor,
	eventId: number,
	cols: Partial<{
		stage_capacity: number;
		current_batch_id: number | null;
		script_text: string | null;
		script_generated_at: Date | null;
		script_updated_at: Date | null;
		script_updated_by: number | null;
		certificate_layout: string | null;
		certificate_options: string;
	}>
): Promise<void> {
	await db
		.insertInto('ceremony_setting')
		.values({ event_id: eventId, certificate_options: '{}' })
		.onConflict((oc) => oc.column('event_id').doNothing())
		.execute();
	await db
		.updateTable('ceremony_setting')
		.set({ ...cols, updated_at: sql`now()` })
		.where('event_id', '=', eventId)
		.execute();
}
