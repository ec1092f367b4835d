import { json } from '@sveltejs/kit';
import { api, apiIdParam, isId, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { delegateUnitsToInvite, inviteUnits, listUnits } from '$lib/server/submissions/service';
import { parseUnitInput, type UnitInput } from '$lib/server/submissions/schema';
import { unitDto } from '$lib/server/submissions/dto';
import type { RequestHandler } from './$types';

/** Invited units (with their tham luận status) and the delegate-list units not invited yet. */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.view');
	const [units, candidates] = await Promise.all([listUnits(db(), eventId), delegateUnitsToInvite(db(), eventId)]);
	return json({ units: units.map(unitDto), delegateUnits: candidates });
});

/**
 * Invites units: { units: [{name, email, contactName}], delegateIds: [..], sendMail: true }. Answers each
 * unit's personal link (shown once; the mail carries its own).
 */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.review');
	const body = await readJsonObject(request);
	const units: UnitInput[] = [];
	const errors: Record<string, string> = {};
	if (body.units !== undefined && !Array.isArray(body.units)) errors.units = 'units phải là một danh sách';
	(Array.isArray(body.units) ? body.units : []).forEach((u, i) => {
		const parsed = parseUnitInput((u ?? {}) as Record<string, unknown>);
		if (parsed.ok) units.push(parsed.value);
		else for (const [k, m] of Object.entries(parsed.errors)) errors[`units.${i}.${k}`] = m;
	});
	const delegateIds = Array.isArray(body.delegateIds) ? body.delegateIds.map(Number) : [];
	if (delegateIds.some((n) => !isId(n))) errors.delegateIds = 'delegateIds không hợp lệ';
	if (Object.keys(errors).length) throw invalid(errors);
	const invited = await inviteUnits(db(), principal, eventId, { units, delegateIds, sendMail: body.sendMail !== false });
	return json({ invited }, { status: 201 });
});
