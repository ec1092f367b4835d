/**
 * The one way to append to audit_log. Called inside the transaction of the change it records, so a change
 * never commits without its audit row (and a rolled-back change leaves none).
 */
import type { Executor } from '$lib/server/db';

export interface Actor {
	userId: number | null;
	/** Shown in the log: the user's name, "Hệ thống", "Đại biểu (liên kết cá nhân)", a device name… */
	label: string;
	ip?: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: 'Hệ thống' };

export interface AuditEntry {
	action: string;
	entityType?: string;
	entityId?: string | number | null;
	organisationId?: number | null;
	eventId?: number | null;
	data?: Record<string, unknown>;
}

export async function writeAudit(db: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			actor_user_id: actor.userId,
			actor_label: actor.label,
			ip: actor.ip ?? null,
			action: entry.action,
			entity_type: entry.entityType ?? '',
			entity_id: entry.entityId == null ? null : String(entry.entityId),
			organisation_id: entry.organisationId ?? null,
			event_id: entry.eventId ?? null,
			data: JSON.stringify(entry.data ?? {})
		})
		.execute();
}

/** The fields that changed between two versions of a row, for the audit data. */
export function changedFields<T extends Record<string, unknown>>(
	before: T,
	after: Partial<T>
): Record<string, { from: unknown; to: unknown }> {
	const out: Record<string, { from: unknown; to: unknown }> = {};
	for (const [k, v] of Object.entries(after)) {
		const a = before[k] instanceof Date ? (before[k] as Date).toISOString() : before[k];
		const b = v instanceof Date ? v.toISOString() : v;
		if (JSON.stringify(a) !== JSON.stringify(b)) out[k] = { from: a, to: b };
	}
	return out;
}
