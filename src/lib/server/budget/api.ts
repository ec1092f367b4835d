/**
 * Glue for the budget's JSON API: the permission is checked before the body is read, so a role without it
 * gets 403 whatever it sent, and an allowed role gets 400 for a bad body before any lookup.
 */
import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireEventAccess, requireOrgPermission, type Principal } from '$lib/server/auth/access';
import { apiIdParam, readJsonObject } from '$lib/server/http';
import { invalid } from '$lib/server/errors';
import type { Permission } from '$lib/server/auth/permissions';
import { getBudget } from './summary';
import type { ParseResult } from './schema';

export async function budgetAccess(principal: Principal, eventIdRaw: string | undefined, permission: Permission): Promise<number> {
	const eventId = apiIdParam(eventIdRaw);
	await requireEventAccess(db(), principal, eventId, permission);
	return eventId;
}

export async function orgAccess(principal: Principal, orgIdRaw: string | undefined, permission: Permission): Promise<number> {
	const orgId = apiIdParam(orgIdRaw);
	await requireOrgPermission(db(), principal, orgId, permission);
	return orgId;
}

/** Reads and parses a JSON body; a parse failure is a 400 with per-field messages. */
export async function parsedBody<T>(request: Request, parse: (raw: Record<string, unknown>) => ParseResult<T>): Promise<{ value: T; raw: Record<string, unknown> }> {
	const raw = await readJsonObject(request);
	const r = parse(raw);
	if (!r.ok) throw invalid(r.errors);
	return { value: r.value, raw };
}

export function reasonOf(raw: Record<string, unknown>): string | null {
	const r = raw.overReason ?? raw.reason;
	return typeof r === 'string' && r.trim() ? r.normalize('NFC').trim().slice(0, 1000) : null;
}

/** One line / source / entry of the budget as the API returns it after a change. */
export async function budgetItem(principal: Principal, eventId: number, kind: 'lines' | 'sources' | 'expenses', id: number, status = 200) {
	const b = await getBudget(db(), principal, eventId);
	const item = (b[kind] as { id: number }[]).find((x) => x.id === id);
	return json(item ?? { id }, { status });
}
