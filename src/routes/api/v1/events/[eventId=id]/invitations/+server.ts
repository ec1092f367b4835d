import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { apiInvitationStatus } from '$lib/server/invitations/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params, url }, principal) =>
	json(await apiInvitationStatus(db(), principal, apiIdParam(params.eventId), { summary: url.searchParams.get('summary') === '1' }))
);
