/**
 * Scoping: every event-level page, action and endpoint goes through requireEventAccess. A user with no
 * role in the organisation that owns the event gets 404 (its existence is not revealed); a role without the
 * permission gets 403.
 */
import type { Executor } from '$lib/server/db';
import type { Selectable } from 'kysely';
import type { EventTable } from '$lib/server/db/foundation-tables';
import { forbidden, notFound } from '$lib/server/errors';
import type { Actor } from '$lib/server/audit';
import { can, type Permission, type Role } from './permissions';
import type { SessionUser } from './session';

export type EventRow = Selectable<EventTable>;

export interface Principal {
	user: SessionUser;
	via: 'session' | 'token';
	ip?: string | null;
}

export function actorOf(p: Principal): Actor {
	return {
		userId: p.user.id,
		label: p.via === 'token' ? `${p.user.fullName} (API)` : p.user.fullName,
		ip: p.ip ?? null
	};
}

export async function roleIn(db: Executor, userId: number, organisationId: number): Promise<Role | null> {
	const row = await db
		.selectFrom('membership')
		.select('role')
		.where('user_id', '=', userId)
		.where('organisation_id', '=', organisationId)
		.executeTakeFirst();
	return row?.role ?? null;
}

export interface EventAccess {
	event: EventRow;
	role: Role;
}

export async function requireEventAccess(
	db: Executor,
	principal: Principal | null | undefined,
	eventId: number,
	permission: Permission
): Promise<EventAccess> {
	if (!principal) throw forbidden('Bạn cần đăng nhập');
	if (!Number.isSafeInteger(eventId) || eventId <= 0) throw notFound('Không tìm thấy hội nghị');
	const row = await db
		.selectFrom('event')
		.innerJoin('membership', (j) =>
			j
				.onRef('membership.organisation_id', '=', 'event.organisation_id')
				.on('membership.user_id', '=', principal.user.id)
		)
		.selectAll('event')
		.select('membership.role')
		.where('event.id', '=', eventId)
		.executeTakeFirst();
	if (!row) throw notFound('Không tìm thấy hội nghị');
	const { role, ...event } = row;
	if (!can(role, permission)) throw forbidden();
	return { event: event as EventRow, role };
}

export async function requireOrgPermission(
	db: Executor,
	principal: Principal | null | undefined,
	organisationId: number,
	permission: Permission
): Promise<Role> {
	if (!principal) throw forbidden('Bạn cần đăng nhập');
	const role = await roleIn(db, principal.user.id, organisationId);
	if (!role) throw notFound('Không tìm thấy đơn vị');
	if (!can(role, permission)) throw forbidden();
	return role;
}

export function requireSystemAdmin(principal: Principal | null | undefined): void {
	if (!principal) throw forbidden('Bạn cần đăng nhập');
	if (!principal.user.isSystemAdmin) throw forbidden('Chỉ quản trị hệ thống được thực hiện thao tác này');
}

/** Organisations the user belongs to, with the role in each. */
export async function membershipsOf(db: Executor, userId: number) {
	return db
		.selectFrom('membership')
		.innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
		.select([
			'organisation.id',
			'organisation.name',
			'organisation.short_name',
			'organisation.kind',
			'membership.role'
		])
		.where('membership.user_id', '=', userId)
		.where('organisation.archived_at', 'is', null)
		.orderBy('organisation.name')
		.execute();
}
