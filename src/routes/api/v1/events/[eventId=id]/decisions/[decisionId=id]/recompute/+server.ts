import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { recomputePrizes } from '$lib/server/awards/service';
import type { RequestHandler } from './$types';

/** Recomputes this decision's recorded prizes with today's rules; returns the changed amounts. */
export const POST: RequestHandler = api(async ({ params }, principal) =>
	json(await recomputePrizes(db(), principal, apiIdParam(params.eventId), { decisionId: apiIdParam(params.decisionId) }))
);
