import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { deleteDecision, getDecision, updateDecision } from '$lib/server/awards/service';
import { parseDecisionInput } from '$lib/server/awards/schema';
import type { RequestHandler } from './$types';

/** The decision with its recipients (list order), recorded amounts and whether today's rules differ. */
export const GET: RequestHandler = api(async ({ params }, principal) =>
	json(await getDecision(db(), principal, apiIdParam(params.eventId), apiIdParam(params.decisionId)))
);

/** Edits the decision; a new date or form recomputes its awards' prizes (reported as `recomputed`). */
export const PATCH: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const decisionId = apiIdParam(params.decisionId);
	await requireEventAccess(db(), principal, eventId, 'award.edit');
	const { recomputed } = await updateDecision(db(), principal, eventId, decisionId, parseDecisionInput(await readJsonObject(request), { partial: true }));
	return json({ recomputed, ...(await getDecision(db(), principal, eventId, decisionId)) });
});

export const DELETE: RequestHandler = api(async ({ params }, principal) => {
	await deleteDecision(db(), principal, apiIdParam(params.eventId), apiIdParam(params.decisionId));
	return new Response(null, { status: 204 });
});
