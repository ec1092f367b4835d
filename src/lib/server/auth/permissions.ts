/**
 * Roles per organisation and what each may do. One matrix, used by every page, action and API endpoint
 * (and by the role × route test). Budget is finance's: organisers read it, others see nothing.
 */
import type { Role } from '$lib/server/db/foundation-tables';

export type { Role };

export const ROLES: Role[] = ['admin', 'organiser', 'finance', 'reception', 'viewer'];

export const ROLE_LABELS: Record<Role, string> = {
	admin: 'Quản trị',
	organiser: 'Ban tổ chức',
	finance: 'Kế toán',
	reception: 'Lễ tân',
	viewer: 'Chỉ xem'
};

export const PERMISSIONS = [
	'event.view',
	'event.edit',
	'delegate.view',
	'delegate.edit',
	'invitation.send',
	'checkin.scan',
	'checkin.view',
	'checkin.manage',
	'submission.view',
	'submission.review',
	'programme.view',
	'programme.edit',
	'award.view',
	'award.edit',
	'certificate.print',
	'budget.view',
	'budget.edit',
	'audit.view',
	'org.manage'
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL = new Set<Permission>(PERMISSIONS);

const MATRIX: Record<Role, Set<Permission>> = {
	admin: ALL,
	organiser: new Set<Permission>(
		PERMISSIONS.filter((p) => p !== 'budget.edit' && p !== 'org.manage')
	),
	finance: new Set<Permission>([
		'event.view',
		'delegate.view',
		'checkin.view',
		'programme.view',
		'award.view',
		'budget.view',
		'budget.edit'
	]),
	reception: new Set<Permission>([
		'event.view',
		'delegate.view',
		'checkin.scan',
		'checkin.view',
		'programme.view'
	]),
	viewer: new Set<Permission>([
		'event.view',
		'delegate.view',
		'checkin.view',
		'submission.view',
		'programme.view',
		'award.view'
	])
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
	return !!role && MATRIX[role].has(permission);
}

export function permissionsOf(role: Role | null | undefined): Permission[] {
	return role ? [...MATRIX[role]] : [];
}

export function isRole(v: unknown): v is Role {
	return typeof v === 'string' && (ROLES as string[]).includes(v);
}
